"""The python3-xgboost side of the trainer's parity test and benchmark.

Reads one JSON request on stdin, answers one JSON object on stdout. Matrices travel as raw
little-endian float32 files (row-major, NaN = missing), so both sides see the same bits.

  {"op": "train", "train": M, "test": M?, "params": {...}, "num_round": n, "repeats": k,
   "model_out": path?, "feature_names": [...]?, "valid": M?, "early_stopping_rounds": n?}
      -> {"seconds": [wall, per repeat], "cpu_seconds": [...], "test_auc": a, "test_pred": path?,
          "gain": {feature: mean gain}}
  {"op": "score", "model": path, "test": M, "pred_out": path}
      -> {"num_trees": n, "best_ntree_limit": n}   (scores with best_ntree_limit trees,
                                                     as SageMaker's XGBoost container does)
where M = {"x": path, "y": path, "n_rows": r, "n_cols": c}.
"""
import json
import sys
import time

import numpy as np
import xgboost as xgb
from sklearn.metrics import roc_auc_score


def matrix(m, feature_names=None):
    x = np.fromfile(m["x"], dtype="<f4").reshape(m["n_rows"], m["n_cols"])
    y = np.fromfile(m["y"], dtype="<f4")
    return xgb.DMatrix(x, label=y, missing=np.nan, feature_names=feature_names), y


def train(req):
    names = req.get("feature_names")
    dtrain, _ = matrix(req["train"], names)
    evals = [(matrix(req["valid"], names)[0], "valid")] if req.get("valid") else []
    seconds, cpu_seconds, booster = [], [], None
    for _ in range(req.get("repeats", 1)):
        start, cpu_start = time.perf_counter(), time.process_time()
        booster = xgb.train(
            req["params"],
            dtrain,
            num_boost_round=req["num_round"],
            evals=evals,
            early_stopping_rounds=req.get("early_stopping_rounds"),
            verbose_eval=False,
        )
        seconds.append(time.perf_counter() - start)
        cpu_seconds.append(time.process_time() - cpu_start)
    out = {"seconds": seconds, "cpu_seconds": cpu_seconds, "xgboost_version": xgb.__version__}
    if req.get("model_out"):
        booster.save_model(req["model_out"])
    out["gain"] = booster.get_score(importance_type="gain")
    if req.get("test"):
        dtest, y = matrix(req["test"], names)
        pred = booster.predict(dtest)
        out["test_auc"] = float(roc_auc_score(y, pred))
        if req.get("pred_out"):
            pred.astype("<f4").tofile(req["pred_out"])
            out["test_pred"] = req["pred_out"]
    return out


def score(req):
    booster = xgb.Booster(model_file=req["model"])
    dtest, _ = matrix(req["test"], booster.feature_names)
    limit = int(booster.attr("best_ntree_limit") or booster.num_boosted_rounds())
    pred = booster.predict(dtest, iteration_range=(0, limit))
    pred.astype("<f4").tofile(req["pred_out"])
    return {"num_trees": booster.num_boosted_rounds(), "best_ntree_limit": limit}


if __name__ == "__main__":
    request = json.load(sys.stdin)
    handler = {"train": train, "score": score}[request["op"]]
    json.dump(handler(request), sys.stdout)
