#!/usr/bin/env bash
# sum.sh FILE: median per variant/phase of active, cpu, rss, anon, file (MB), stop
awk '!/^#/ {k=$1" "$3; n[k]++; a[k]=a[k]" "$4; c[k]=c[k]" "$6; r[k]=r[k]" "$8; an[k]=an[k]" "$9; f[k]=f[k]" "$10; s[k]=s[k]" "$12; l[k]=l[k]" "$13}
function med(str,   arr,m,i,j,t){m=split(str,arr," ");for(i=1;i<=m;i++)for(j=i+1;j<=m;j++)if(arr[j]+0<arr[i]+0){t=arr[i];arr[i]=arr[j];arr[j]=t}; return (m%2)?arr[(m+1)/2]:(arr[m/2]+arr[m/2+1])/2}
END{printf "%-14s %-8s %3s %8s %8s %8s %8s %8s %6s\n","variant","phase","n","active","cpu","rssMB","anonMB","fileMB","stop"; for(k in n){split(k,kk," "); printf "%-14s %-8s %3d %8d %8d %8.1f %8.1f %8.1f %6d\n",kk[1],kk[2],n[k],med(a[k]),med(c[k]),med(r[k])*1.024/1000,med(an[k])*1.024/1000,med(f[k])*1.024/1000,med(s[k])}}' "$1" | sort
