#!/usr/bin/env node
// Committed entry so npm can link the `twingraph` command at install time, before dist/ is built.
import '../dist/cli/main.js';
