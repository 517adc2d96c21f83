#!/usr/bin/env bash
# variant.sh SRC_HOME DST_HOME BUNDLE_PATTERN... : a copy of the home whose lib/mtce.jar leaves out the matching
# embedded bundles (launch.bundles and launch.runbundles.attrs), with a new archive made by bin/mtce --prepare.
set -euo pipefail
SRC=$1 DST=$2; shift 2
rm -rf "$DST"; cp -a "$SRC" "$DST"; rm -rf "$DST/data"
t=$(mktemp -d); (cd "$t" && unzip -q "$SRC/lib/mtce.jar")
python3 - "$t/launcher.properties" "$@" <<'PY'
import sys,re
p=sys.argv[1]; pats=sys.argv[2:]
lines=open(p).read().split('\n')
out=[]
for l in lines:
    if l.startswith('launch.bundles='):
        items=l[len('launch.bundles='):].split(',')
        items=[i for i in items if not any(re.search(x,i) for x in pats)]
        l='launch.bundles='+','.join(items)
    elif l.startswith('launch.runbundles.attrs='):
        items=re.split(r',(?=[A-Za-z])',l[len('launch.runbundles.attrs='):])
        items=[i for i in items if not any(re.search(x,i.split(';')[0]) for x in pats)]
        l='launch.runbundles.attrs='+','.join(items)
    out.append(l)
open(p,'w').write('\n'.join(out))
PY
for x in "$@"; do rm -f $t/jar/*$x*; done
rm -f "$DST/lib/mtce.jar"; (cd "$t" && zip -q -0 -r "$DST/lib/mtce.jar" META-INF/MANIFEST.MF . -x '.*')
rm -rf "$t"
(cd "$DST" && bin/mtce --prepare)
