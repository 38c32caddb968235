// Lets a child `node` process require the library's TypeScript sources directly (transpile only, CommonJS), so that
// tests can synthesize in a fresh process without a prior `npm run build`.
const fs = require('fs');
const ts = require('typescript');

require.extensions['.ts'] = function register(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const { outputText } = ts.transpileModule(source, {
    fileName: filename,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2021,
      esModuleInterop: true,
      useDefineForClassFields: false,
    },
  });
  module._compile(outputText, filename);
};
