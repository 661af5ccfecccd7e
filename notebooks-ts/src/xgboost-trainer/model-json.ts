/**
 * The XGBoost 1.7 JSON model (`Booster.save_model('m.json')`): same keys in the same (sorted)
 * order, same string formats for parameters, floats printed like XGBoost's writer. Checked by
 * loading it into python3-xgboost 1.7.4 (see xgboost.int.test.ts).
 */
import { formatFloat32, formatParamFloat } from './format';
import { DELETED_SPLIT_INDEX, Tree } from './tree';

export interface ModelMeta {
  nFeatures: number;
  baseScore: number;
  /** XGBoost writes boost_from_average "0" once base_score is set by the user. */
  baseScoreGiven: boolean;
  scalePosWeight: number;
  featureNames?: readonly string[];
  featureTypes?: readonly string[];
  attributes: Record<string, string>;
}

const VERSION = [1, 7, 4];

export function buildModelJson(trees: readonly Tree[], meta: ModelMeta): Record<string, unknown> {
  const attributes: Record<string, string> = {};
  for (const key of Object.keys(meta.attributes).sort()) attributes[key] = meta.attributes[key];
  return {
    learner: {
      attributes,
      feature_names: [...(meta.featureNames ?? [])],
      feature_types: [...(meta.featureTypes ?? [])],
      gradient_booster: {
        model: {
          gbtree_model_param: {
            num_parallel_tree: '1',
            num_trees: String(trees.length),
            size_leaf_vector: '0',
          },
          tree_info: trees.map(() => 0),
          trees: trees.map((t, id) => treeJson(t, id, meta.nFeatures)),
        },
        name: 'gbtree',
      },
      learner_model_param: {
        base_score: formatFloat32(meta.baseScore),
        boost_from_average: meta.baseScoreGiven ? '0' : '1',
        num_class: '0',
        num_feature: String(meta.nFeatures),
        num_target: '1',
      },
      objective: {
        name: 'binary:logistic',
        reg_loss_param: { scale_pos_weight: formatParamFloat(meta.scalePosWeight) },
      },
    },
    version: [...VERSION],
  };
}

function treeJson(t: Tree, id: number, nFeatures: number): Record<string, unknown> {
  const n = t.left.length;
  const deleted = t.splitIndex.filter((s) => s === DELETED_SPLIT_INDEX).length;
  return {
    base_weights: [...t.baseWeight],
    categories: [],
    categories_nodes: [],
    categories_segments: [],
    categories_sizes: [],
    default_left: [...t.defaultLeft],
    id,
    left_children: [...t.left],
    loss_changes: [...t.lossChg],
    parents: [...t.parent],
    right_children: [...t.right],
    split_conditions: [...t.splitCond],
    split_indices: [...t.splitIndex],
    split_type: t.left.map(() => 0),
    sum_hessian: [...t.sumHess],
    tree_param: {
      num_deleted: String(deleted),
      num_feature: String(nFeatures),
      num_nodes: String(n),
      size_leaf_vector: '0',
    },
  };
}

/** Arrays whose numbers are float32 in XGBoost (printed `1.5E0`); every other number is an integer. */
const FLOAT_ARRAYS = new Set(['base_weights', 'loss_changes', 'split_conditions', 'sum_hessian']);

/** Compact JSON like XGBoost writes it; the same model object always gives the same bytes. */
export function serializeModel(json: unknown): string {
  const parts: string[] = [];
  write(json, false, parts);
  return parts.join('');
}

function write(value: unknown, floats: boolean, out: string[]): void {
  if (Array.isArray(value)) {
    out.push('[');
    value.forEach((v, i) => {
      if (i > 0) out.push(',');
      write(v, floats, out);
    });
    out.push(']');
  } else if (typeof value === 'number') {
    out.push(floats ? formatFloat32(value) : String(value));
  } else if (value !== null && typeof value === 'object') {
    out.push('{');
    Object.entries(value).forEach(([key, v], i) => {
      if (i > 0) out.push(',');
      out.push(JSON.stringify(key), ':');
      write(v, FLOAT_ARRAYS.has(key), out);
    });
    out.push('}');
  } else {
    out.push(JSON.stringify(value));
  }
}
