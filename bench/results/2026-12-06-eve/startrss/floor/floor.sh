#!/usr/bin/env bash
# floor.sh NAME RUNS JAR... : Felix + the given bundles (paths under /tmp/jars/jar), bin/mtce's JVM options, a dynamic
# CDS archive from a training run, cache kept; prints READY lines for RUNS restarts.
set -eu
NAME=$1 RUNS=$2; shift 2
D=/tmp/floor-$NAME; rm -rf $D; mkdir -p $D/etc; cd $D
cp /work/scratch/startrss/floor/floor.jar /tmp/jars/jar/org.apache.felix.framework-7.0.5.jar .
BJ=(); for j in "$@"; do BJ+=(/tmp/jars/jar/$j); done
OPTS="-XX:+UseSerialGC -Xms16m -Xmx48m -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:ReservedCodeCacheSize=16m -XX:-UsePerfData"
CP=floor.jar:org.apache.felix.framework-7.0.5.jar
java $OPTS -cp $CP -Dt0=$(date +%s%3N) Floor "${BJ[@]}" >/dev/null   # populate cache
java $OPTS -XX:ArchiveClassesAtExit=floor.jsa -Xlog:cds=off -cp $CP -Dwait=true -Dt0=$(date +%s%3N) Floor "${BJ[@]}" >/dev/null 2>&1
for ((i=0;i<RUNS;i++)); do
  echo "$NAME $(java $OPTS -XX:SharedArchiveFile=floor.jsa -Xlog:cds=off -cp $CP -Dt0=$(date +%s%3N) Floor "${BJ[@]}") load $(cut -d' ' -f1 /proc/loadavg)"
done
