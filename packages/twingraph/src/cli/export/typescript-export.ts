// The exporter is pure and lives in @twingraph/model, so the web designer shows the same code.
export { exportTypeScript, type TypeScriptExport } from '@twingraph/model';
