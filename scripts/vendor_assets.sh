#!/usr/bin/env bash
# Vendor front-end assets from the npm registry into the repository.
#
# The app never fetches anything at run time: everything it serves lives in
# app/static/vendor/ (and test-only assets in tests/browser/vendor/). This
# script is the only place that talks to npm. Bump the pinned versions below
# and re-run it to update:
#
#     bash scripts/vendor_assets.sh
#
# Packages are installed with --ignore-scripts into a throw-away directory;
# only the files the app needs plus each package's licence are copied.
set -euo pipefail

HTMX_VERSION="2.0.11"
RHC_TOKENS_VERSION="11.1.0"
RHC_COMPONENTS_VERSION="12.0.0"
AXE_VERSION="4.14.1"
# The partial bundle with only the trace types app/gantt/figures/ draws (scatter, bar). It must
# be the plotly.js version the Python plotly package targets (plotly.offline.get_plotlyjs_version;
# tests/integration/test_planning.py checks), so a plotly upgrade means bumping this and re-running.
PLOTLY_VERSION="4.1.1"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
vendor="$repo_root/app/static/vendor"
test_vendor="$repo_root/tests/browser/vendor"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

echo "Installing pinned packages into $tmp ..."
npm install --no-save --ignore-scripts --no-audit --no-fund --prefix "$tmp" \
  "htmx.org@$HTMX_VERSION" \
  "@rijkshuisstijl-community/design-tokens@$RHC_TOKENS_VERSION" \
  "@rijkshuisstijl-community/components-css@$RHC_COMPONENTS_VERSION" \
  "axe-core@$AXE_VERSION" \
  "plotly.js-basic-dist-min@$PLOTLY_VERSION"

nm="$tmp/node_modules"

# Fail loudly if npm resolved something other than the pinned version.
check_version() {
  local pkg="$1" want="$2" got
  got="$(node -p "require(process.argv[1]).version" "$nm/$pkg/package.json")"
  if [[ "$got" != "$want" ]]; then
    echo "error: $pkg installed as $got, expected $want" >&2
    exit 1
  fi
}
check_version htmx.org "$HTMX_VERSION"
check_version @rijkshuisstijl-community/design-tokens "$RHC_TOKENS_VERSION"
check_version @rijkshuisstijl-community/components-css "$RHC_COMPONENTS_VERSION"
check_version axe-core "$AXE_VERSION"
check_version plotly.js-basic-dist-min "$PLOTLY_VERSION"

# Copy a package's NOTICE file(s), if it has any.
copy_notice() {
  local src="$1" dest="$2" suffix="${3:-}" f base
  shopt -s nullglob
  for f in "$src"/NOTICE*; do
    base="$(basename "$f")"
    if [[ -n "$suffix" ]]; then
      base="${base%%.*}-$suffix${base#"${base%%.*}"}"
    fi
    cp "$f" "$dest/$base"
  done
  shopt -u nullglob
}

# --- htmx (0BSD) -------------------------------------------------------------
rm -rf "$vendor/htmx"
mkdir -p "$vendor/htmx"
cp "$nm/htmx.org/dist/htmx.min.js" "$vendor/htmx/"
cp "$nm/htmx.org/LICENSE" "$vendor/htmx/LICENSE"
copy_notice "$nm/htmx.org" "$vendor/htmx"

# --- Rijkshuisstijl community (tokens + components CSS) ----------------------
# design-tokens dist/index.css defines the CSS custom properties on the
# `.rhc-theme` selector (dist/root.css is the same set on `:root`, not needed).
# components-css dist/index.css is a single pre-built bundle (it includes the
# @utrecht/*, @nl-design-system-candidate/* and @amsterdam/* component CSS).
# No font files are copied: the tokens ship none, and the Rijksoverheid fonts
# may not be redistributed.
tokens="$nm/@rijkshuisstijl-community/design-tokens"
components="$nm/@rijkshuisstijl-community/components-css"
rhc="$vendor/rijkshuisstijl"
rm -rf "$rhc"
mkdir -p "$rhc"
cp "$tokens/dist/index.css" "$rhc/design-tokens.css"
cp "$components/dist/index.css" "$rhc/components.css"
cp "$tokens/LICENSE.md" "$rhc/LICENSE-design-tokens.md"
cp "$components/LICENSE.md" "$rhc/LICENSE-components-css.md"
copy_notice "$tokens" "$rhc" design-tokens
copy_notice "$components" "$rhc" components-css

# The app must not load anything from elsewhere: refuse CSS that pulls in
# @import-ed files, @font-face fonts, or url()s other than inline data: URIs.
for css in "$rhc"/*.css; do
  if grep -qE '@import|@font-face' "$css"; then
    echo "error: $css contains @import or @font-face; review before vendoring" >&2
    exit 1
  fi
  if grep -oE "url\([\"']?[^)]{0,8}" "$css" | grep -vqE "url\([\"']?data:"; then
    echo "error: $css references a non-data: url(); review before vendoring" >&2
    exit 1
  fi
done

# --- plotly.js basic bundle (MIT) ---------------------------------------------
# scatter, bar and pie only, about a fifth of the full plotly.min.js of the plotly package.
rm -rf "$vendor/plotly"
mkdir -p "$vendor/plotly"
cp "$nm/plotly.js-basic-dist-min/plotly-basic.min.js" "$vendor/plotly/"
# The bundle's defaults name two plotly.com endpoints: the Chart Studio upload (plotlyServerURL,
# behind a mode-bar button we remove) and the map data of geo traces (topojsonURL; geo is not in
# the basic bundle). Users run this on closed networks, so neither may point outside the app:
# both become empty, which plotly.js treats as "none". The "Produced with Plotly" logo (off by
# config) links nowhere, and documentation links in its messages lose their scheme. Only XML
# namespaces and the licence banners keep an http(s) address (tests/integration/test_offline_assets.py).
sed -i \
  -e 's|dflt:"https://cloud.plotly.com/newchart"|dflt:""|' \
  -e 's|dflt:"https://cdn.plot.ly/un/"|dflt:""|' \
  -e 's|r.href="https://plotly.com/"|r.href="#"|' \
  -e 's|https://plotly.com/javascript/animations/|plotly.com/javascript/animations/|g' \
  -e 's|"https://github.com/d3/d3-|"github.com/d3/d3-|g' \
  "$vendor/plotly/plotly-basic.min.js"
cp "$nm/plotly.js-basic-dist-min/LICENSE" "$vendor/plotly/LICENSE"
copy_notice "$nm/plotly.js-basic-dist-min" "$vendor/plotly"

# --- axe-core (MPL-2.0), test-only -------------------------------------------
rm -rf "$test_vendor/axe-core"
mkdir -p "$test_vendor/axe-core"
cp "$nm/axe-core/axe.min.js" "$test_vendor/axe-core/"
cp "$nm/axe-core/LICENSE" "$test_vendor/axe-core/LICENSE"
cp "$nm/axe-core/LICENSE-3RD-PARTY.txt" "$test_vendor/axe-core/"
copy_notice "$nm/axe-core" "$test_vendor/axe-core"

# --- README ------------------------------------------------------------------
cat > "$vendor/README.md" <<EOF
# Vendored front-end assets

Generated by \`scripts/vendor_assets.sh\` — do not edit these files by hand.
Regenerate (after bumping the pinned versions in the script) with:

    bash scripts/vendor_assets.sh

The app serves these files itself and never fetches anything at run time.

| Package | Version | Licence | Source | Files |
|---|---|---|---|---|
| \`htmx.org\` | $HTMX_VERSION | 0BSD (\`htmx/LICENSE\`) | npm | \`htmx/htmx.min.js\` |
| \`@rijkshuisstijl-community/design-tokens\` | $RHC_TOKENS_VERSION | Proprietary, see \`rijkshuisstijl/LICENSE-design-tokens.md\` | npm | \`rijkshuisstijl/design-tokens.css\` (= \`dist/index.css\`, tokens on \`.rhc-theme\`) |
| \`@rijkshuisstijl-community/components-css\` | $RHC_COMPONENTS_VERSION | EUPL-1.2 (\`rijkshuisstijl/LICENSE-components-css.md\`) | npm | \`rijkshuisstijl/components.css\` (= \`dist/index.css\`) |
| \`plotly.js-basic-dist-min\` | $PLOTLY_VERSION | MIT (\`plotly/LICENSE\`) | npm | \`plotly/plotly-basic.min.js\` (scatter, bar, pie traces; plotly.com endpoint defaults blanked by vendor_assets.sh) |
| \`axe-core\` (tests only, in \`tests/browser/vendor/axe-core/\`) | $AXE_VERSION | MPL-2.0 (\`LICENSE\`, \`LICENSE-3RD-PARTY.txt\`) | npm | \`axe.min.js\` |

Notes:

- \`components.css\` is a pre-built bundle that also contains CSS from
  \`@utrecht/*\`, \`@nl-design-system-candidate/*\` and \`@amsterdam/design-system-css\`
  (all EUPL-1.2).
- The design-tokens licence states the Rijkshuisstijl (logo, house style,
  RijksoverheidSans/Serif fonts) may only be used by or on behalf of the Dutch
  central government.
- No font files are vendored. The tokens set
  \`--rhc-text-font-family-sans: 'Fira Sans', Arial, Verdana, sans-serif\`
  (and \`RijksoverheidSerifWeb, 'Times New Roman', serif\` for serif); without the
  fonts the browser uses the fallbacks. Neither CSS file contains \`@font-face\`.
- Use: \`<link rel="stylesheet" href=".../rijkshuisstijl/design-tokens.css">\`,
  then \`.../rijkshuisstijl/components.css\`, and \`<body class="rhc-theme ...">\`.
EOF

echo "Vendored files:"
(cd "$repo_root" && find app/static/vendor tests/browser/vendor -type f -print0 | xargs -0 ls -l)
