import { checkSync } from 'recheck';
const c = {
 pep621: /["']grpcio(?:\s*\[[^\]"']*\])?\s*(?:==|>=|~=)\s*([\d.]+)/i,
 pomDirect: /<groupId>\s*io\.grpc\s*<\/groupId>\s*<artifactId>[^<]+<\/artifactId>\s*<version>([^<]*)<\/version>/,
};
for (const [k, re] of Object.entries(c)) { const t=Date.now(); const r = checkSync(re.source, re.flags, {timeout: 60000}); console.log(k, r.status, r.checker, r.complexity?.summary ?? '', r.attack?.pattern ?? '', r.error, Date.now()-t); }
