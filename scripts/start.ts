// `npm start`: the local platform. For now the API; the UI joins when it lands.
import '../api/src/server';
