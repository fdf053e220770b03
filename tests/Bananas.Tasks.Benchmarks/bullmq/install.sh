#!/usr/bin/env bash
# Installs the BullMQ side of the benchmark (the version pinned in package.json) into ./node_modules,
# which git ignores. The harness runs this when node_modules/bullmq is missing. Needs Node 20+ and npm.
set -euo pipefail
cd "$(dirname "$0")"
command -v node >/dev/null || { echo "install.sh: node is not on PATH; install Node.js 20 or newer" >&2; exit 1; }
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 20 ]; then echo "install.sh: node $(node --version) is too old; BullMQ side needs Node 20 or newer" >&2; exit 1; fi
npm install --no-audit --no-fund --loglevel=error
node -e 'console.log("bullmq " + require("./node_modules/bullmq/package.json").version + " installed")'
