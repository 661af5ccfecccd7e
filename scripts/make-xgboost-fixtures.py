#!/usr/bin/python3
"""Generates the model-runtime fixtures: small XGBoost 1.7 models trained on generated data
and what xgboost itself predicts for them (margins, probabilities, pred_contribs).

Run with Debian's python3-xgboost:  /usr/bin/python3 scripts/make-xgboost-fixtures.py
Writes packages/xgboost-runtime/src/__tests__/fixtures/. Deterministic: numpy RNG with fixed seeds, nthread=1.
No real data is used.
"""
import gzip
import io
import json
import os
import sys
import tarfile

import numpy as np
import xgboost as xgb

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'packages', 'xgboost-runtime', 'src', '__tests__', 'fixtures')

# The 46 model inputs of the churn platform (DESIGN.md section 3), for the 46-feature fixture.
TELCO_FEATURES = (
    'gender SeniorCitizen Partner Dependents tenure PhoneService PaperlessBilling MonthlyCharges '
    'TotalCharges AvgMonthlySpend TotalServices MultipleLines_No MultipleLines_No_phone_service '
    'MultipleLines_Yes InternetService_DSL InternetService_Fiber_optic InternetService_No '
    'OnlineSecurity_No OnlineSecurity_No_internet_service OnlineSecurity_Yes OnlineBackup_No '
    'OnlineBackup_No_internet_service OnlineBackup_Yes DeviceProtection_No '
    'DeviceProtection_No_internet_service DeviceProtection_Yes TechSupport_No '
    'TechSupport_No_internet_service TechSupport_Yes StreamingTV_No StreamingTV_No_internet_service '
    'StreamingTV_Yes StreamingMovies_No StreamingMovies_No_internet_service StreamingMovies_Yes '
    'Contract_Month_to_month Contract_One_year Contract_Two_year PaymentMethod_Bank_transfer_automatic '
    'PaymentMethod_Credit_card_automatic PaymentMethod_Electronic_check PaymentMethod_Mailed_check '
    'TenureGroup_0_1yr TenureGroup_1_2yr TenureGroup_2_4yr TenureGroup_4_6yr'
).split()


def make_data(rng, n, f, nan_rate=0.0, binary_cols=0):
    """Rounded values (so many test inputs sit exactly on split thresholds) and a noisy logistic label."""
    x = np.round(rng.normal(0, 1, size=(n, f)), 1).astype(np.float32)
    if binary_cols:
        x[:, :binary_cols] = (rng.random((n, binary_cols)) < 0.4).astype(np.float32)
    w = rng.normal(0, 1, size=f)
    logits = x @ w + 0.5 * x[:, 0] * x[:, 1 % f] + rng.normal(0, 0.5, size=n)
    y = (logits > 0).astype(np.float32)
    if nan_rate:
        x[rng.random((n, f)) < nan_rate] = np.nan
    return x, y


def as_list(a):
    return [[None if np.isnan(v) else float(v) for v in row] for row in a.astype(np.float32)]


def expected(bst, x, limit, contrib_rows):
    names = bst.feature_names
    d = xgb.DMatrix(x, missing=np.nan, feature_names=names)
    rng = (0, limit)
    margin = bst.predict(d, output_margin=True, iteration_range=rng).astype(np.float32)
    proba = bst.predict(d, iteration_range=rng).astype(np.float32)
    dc = xgb.DMatrix(x[:contrib_rows], missing=np.nan, feature_names=names)
    contribs = bst.predict(dc, pred_contribs=True, iteration_range=rng).astype(np.float32)
    return {
        'nRows': int(x.shape[0]),
        'nCols': int(x.shape[1]),
        'x': as_list(x),
        # float32 values widened to double: JSON numbers that parse back to the exact float32.
        'margin': [float(v) for v in margin],
        'proba': [float(v) for v in proba],
        'contribs': [[float(v) for v in row] for row in contribs],
    }


def write(name, bst, x, contrib_rows=40, formats=('json', 'bin'), compress=True):
    limit = int(bst.attr('best_ntree_limit') or 0) or bst.num_boosted_rounds()
    exp = expected(bst, x, limit, contrib_rows)
    exp.update({
        'name': name,
        'treesInFile': bst.num_boosted_rounds(),
        'treesUsed': limit,
        'numFeature': bst.num_features(),
        'xgboostVersion': xgb.__version__,
    })
    for fmt in formats:
        path = os.path.join(OUT, f'{name}.{fmt}')
        # 1.7 picks the format from the file name: `.json` -> JSON, anything else -> legacy binary.
        bst.save_model(path if fmt == 'json' else path + '.tmp-model')
        if fmt != 'json':
            os.replace(path + '.tmp-model', path)
        if compress:
            with open(path, 'rb') as f:
                raw = f.read()
            with gzip.GzipFile(path + '.gz', 'wb', mtime=0) as f:
                f.write(raw)
            os.remove(path)
    with open(os.path.join(OUT, f'{name}.expected.json'), 'w') as f:
        json.dump(exp, f, separators=(',', ':'))
    print(f'{name}: {bst.num_boosted_rounds()} trees, {limit} used, {x.shape[1]} features', file=sys.stderr)


def train(params, x, y, rounds, **kw):
    base = {'objective': 'binary:logistic', 'nthread': 1, 'seed': 7}
    base.update(params)
    return xgb.train(base, xgb.DMatrix(x, label=y, missing=np.nan, **kw.pop('dm', {})), rounds, **kw)


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(20261124)

    # Small and shallow, in both formats: the basic walk, strict `<`, float32 thresholds.
    x, y = make_data(rng, 400, 8)
    bst = train({'max_depth': 3, 'eta': 0.3, 'tree_method': 'exact'}, x, y, 20)
    write('small', bst, x[:100], compress=False)

    # Early stopping: best_ntree_limit < trees in the file; base_score other than 0.5.
    x, y = make_data(rng, 600, 6)
    dval = xgb.DMatrix(x[400:], label=y[400:])
    bst = train({'max_depth': 4, 'eta': 0.3, 'tree_method': 'hist', 'base_score': 0.3,
                 'eval_metric': 'logloss'}, x[:400], y[:400], 200,
                evals=[(dval, 'val')], early_stopping_rounds=5, verbose_eval=False)
    write('early-stopped', bst, x[400:480])

    # Missing values in training and scoring: default_left decides.
    x, y = make_data(rng, 500, 7, nan_rate=0.2)
    bst = train({'max_depth': 4, 'eta': 0.2, 'tree_method': 'hist'}, x, y, 30)
    write('missing', bst, x[:100])

    # Deep and long: depth 6, 100 trees.
    x, y = make_data(rng, 300, 5)
    bst = train({'max_depth': 6, 'eta': 0.1, 'min_child_weight': 4, 'tree_method': 'exact'}, x, y, 100)
    write('deep', bst, x[:60], contrib_rows=30)

    # The platform's shape: 46 named features, many of them one-hot.
    x, y = make_data(rng, 800, 46, binary_cols=30)
    bst = train({'max_depth': 4, 'eta': 0.1, 'tree_method': 'hist'}, x, y, 40,
                dm={'feature_names': TELCO_FEATURES})
    write('telco46', bst, x[:40], contrib_rows=20)

    # A SageMaker-style model.tar.gz as Python's tarfile writes it (pax format), holding the binary model.
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode='w', format=tarfile.PAX_FORMAT) as tar:
        info = tar.gettarinfo(os.path.join(OUT, 'small.bin'), arcname='xgboost-model')
        info.mtime, info.uid, info.gid, info.uname, info.gname = 0, 0, 0, '', ''
        with open(os.path.join(OUT, 'small.bin'), 'rb') as f:
            tar.addfile(info, f)
    with gzip.GzipFile(os.path.join(OUT, 'small.model.tar.gz'), 'wb', mtime=0) as f:
        f.write(buffer.getvalue())

    # The benchmark model: 300 trees of depth 4 on 46 features, gzipped JSON.
    x, y = make_data(rng, 5000, 46, binary_cols=30)
    bst = train({'max_depth': 4, 'eta': 0.05, 'tree_method': 'hist'}, x, y, 300)
    bst.save_model(os.path.join(OUT, 'bench-300x4.json'))
    with open(os.path.join(OUT, 'bench-300x4.json'), 'rb') as f:
        raw = f.read()
    with gzip.GzipFile(os.path.join(OUT, 'bench-300x4.json.gz'), 'wb', mtime=0) as f:
        f.write(raw)
    os.remove(os.path.join(OUT, 'bench-300x4.json'))

    # DART (a SageMaker built-in option): trees weighted by weight_drop at prediction time.
    x, y = make_data(rng, 400, 6)
    bst = train({'booster': 'dart', 'max_depth': 3, 'eta': 0.3, 'rate_drop': 0.2, 'skip_drop': 0.3,
                 'tree_method': 'hist'}, x, y, 25)
    write('dart', bst, x[:80])


if __name__ == '__main__':
    main()
