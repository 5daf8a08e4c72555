require('node:test');
throw new Error('cannot load this file');
