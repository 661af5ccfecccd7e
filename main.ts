import { App, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';

/** Placeholder until the infrastructure issue composes the ten constructs in `modules/`. */
class ChurnStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
  }
}

const app = new App();
new ChurnStack(app, 'churn');
app.synth();
