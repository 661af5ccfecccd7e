import { GlueCatalogDatabase } from '@cdktf/provider-aws/lib/glue-catalog-database';
import { GlueCatalogTable } from '@cdktf/provider-aws/lib/glue-catalog-table';
import { Construct } from 'constructs';
import { GlueColumn } from './columns';

export interface ProjectedTableSpec {
  readonly name: string;
  readonly description: string;
  readonly database: GlueCatalogDatabase;
  /** `s3://bucket/predictions/`: Firehose writes `dt=YYYY-MM-DD/` folders below it. */
  readonly location: string;
  readonly columns: readonly GlueColumn[];
  /** How far back the projected `dt` partitions reach (the data's retention). */
  readonly days: number;
}

/**
 * A JSON-lines table partitioned by `dt` (the UTC day Firehose received the record) with
 * partition projection: Athena computes the partitions from the range and the location
 * template, so nothing has to add partitions as days go by and no crawler is needed.
 * Malformed lines read as NULL rows instead of failing the query; the reader skips them.
 */
export function projectedJsonTable(scope: Construct, id: string, spec: ProjectedTableSpec): GlueCatalogTable {
  return new GlueCatalogTable(scope, id, {
    name: spec.name,
    databaseName: spec.database.name,
    description: spec.description,
    tableType: 'EXTERNAL_TABLE',
    parameters: {
      classification: 'json',
      compressionType: 'gzip',
      'projection.enabled': 'true',
      'projection.dt.type': 'date',
      'projection.dt.format': 'yyyy-MM-dd',
      'projection.dt.range': `NOW-${spec.days}DAYS,NOW`,
      'projection.dt.interval': '1',
      'projection.dt.interval.unit': 'DAYS',
      // "$${dt}" is Terraform's escape for a literal "${dt}", which Athena fills in.
      'storage.location.template': `${spec.location}dt=$\${dt}/`,
    },
    partitionKeys: [{ name: 'dt', type: 'string', comment: 'UTC day of arrival, yyyy-MM-dd' }],
    storageDescriptor: {
      location: spec.location,
      inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
      outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
      compressed: true,
      serDeInfo: {
        name: 'json',
        serializationLibrary: 'org.openx.data.jsonserde.JsonSerDe',
        parameters: { 'ignore.malformed.json': 'true' },
      },
      columns: spec.columns.map((c) => ({ ...c })),
    },
  });
}
