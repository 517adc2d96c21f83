#!/usr/bin/env bash
# full.sh ROUNDS: the home's bundles under bin/mtce (bnd launcher) and under Floor (a 30-line Felix launcher), same JVM
# options and a CDS archive each, cache kept, interleaved; wall from fork to the 6th 'transport UP' log line, CPU at 3 s.
set -u
R=$1
SRC=/work/wt/startrss/runtime/target/mtce
A=/tmp/full-bnd B=/tmp/full-floor
rm -rf $A $B; cp -a $SRC $A; cp -a $SRC $B
J=/tmp/jars/jar
L1="asm-9.9.jar asm-tree-9.9.jar asm-analysis-9.9.jar asm-commons-9.9.jar asm-util-9.9.jar org.apache.aries.spifly.dynamic.bundle-1.3.7.jar slf4j-api-2.0.20.jar io.mtce.log.setup-1.0.0-SNAPSHOT.jar logback-core-1.5.18.jar logback-classic-1.5.18.jar org.apache.felix.log-1.3.0.jar jul-to-slf4j-2.0.20.jar"
L2=$(cd $J && ls *.jar | grep -vE "^(asm|org.apache.aries|slf4j-api|io.mtce.log.setup|logback|org.apache.felix.log-|jul-to|org.apache.felix.http.jetty|org.apache.felix.framework|biz.aQute.launcher)" | tr '\n' ' ')
L3="org.apache.felix.http.jetty-5.1.26.jar"
BJ=(); for j in $L1 $L2 $L3; do BJ+=($J/$j); done
cp floor.jar $J/org.apache.felix.framework-7.0.5.jar $B/
OPTS="-XX:+UseSerialGC -Xms16m -Xmx48m -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:Tier3InvocationThreshold=1000 -XX:Tier3MinInvocationThreshold=500 -XX:Tier3CompileThreshold=10000 -XX:Tier3BackEdgeThreshold=300000 -XX:ReservedCodeCacheSize=16m -XX:-UsePerfData"
PROPS="-Dfelix.fileinstall.dir=etc -Dfelix.fileinstall.enableConfigSave=false -Dfelix.fileinstall.filter=.*\\.(cfg|config) -Dfelix.fileinstall.poll=250 -Dfelix.fileinstall.noInitialDelay=true -Dfelix.fileinstall.log.level=3 -Dfelix.fileinstall.bundles.new.start=true -Dorg.apache.felix.http.enable=true -Dorg.apache.felix.http.host=127.0.0.1 -Dorg.osgi.service.http.port=8089 -Dlogback.configurationFile=etc/logback.xml -Dds.cache.metadata=true -Dgosh.args=--nointeractive -Dorg.osgi.framework.startlevel.beginning=3"
CP=floor.jar:org.apache.felix.framework-7.0.5.jar
run() { # run bnd|floor|train
  local d=$A; [[ $1 == bnd ]] || d=$B
  cd $d; : > out.log
  local t0; t0=$(date +%s%3N)
  if [[ $1 == bnd ]]; then bin/mtce </dev/null >out.log 2>&1 &
  elif [[ $1 == train ]]; then java $OPTS -XX:ArchiveClassesAtExit=floor.jsa -Xlog:cds=off $PROPS -cp $CP -Dt0=$t0 -Dwait=true -Dwaitms=4000 Floor "${BJ[@]}" </dev/null >out.log 2>&1 &
  else java $OPTS -XX:SharedArchiveFile=floor.jsa -Xlog:cds=off $PROPS -cp $CP -Dt0=$t0 -Dwait=true -Dwaitms=4000 Floor "${BJ[@]}" </dev/null >out.log 2>&1 &
  fi
  local pid=$!; sleep 3
  local cpu; cpu=$(awk '{print ($14+$15)*10}' /proc/$pid/stat)
  local rss; rss=$(awk '/VmRSS/{print $2}' /proc/$pid/status)
  local last; last=$(grep " transport UP on " out.log | sed -n 6p | awk '{print $2}')
  local ms=-; if [[ -n $last ]]; then ms=$(( $(date -d "$(date +%F) $last" +%s%3N) - t0 )); fi
  [[ $1 == bnd ]] && kill -TERM $pid
  wait $pid
  echo "$1 up6_ms=$ms cpu3s_ms=$cpu rss_kb=$rss ups=$(grep -c ' transport UP on ' out.log) load=$(cut -d' ' -f1 /proc/loadavg)"
}
run bnd >/dev/null; run train >/dev/null; run floor >/dev/null
for ((i=0;i<R;i++)); do run bnd; run floor; done
