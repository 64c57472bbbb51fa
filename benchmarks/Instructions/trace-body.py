import struct, os, sys
def varint(n):
    out=b''
    while True:
        b=n&0x7f; n>>=7
        if n: out+=bytes([b|0x80])
        else: return out+bytes([b])
def field(num, wt, payload):
    key=varint((num<<3)|wt)
    if wt==2: return key+varint(len(payload))+payload
    return key+payload
def s(num, text): return field(num,2,text.encode())
def kv(k,v): return field(1,2, s(1,k)+field(2,2,s(1,v)))
resource=field(1,2,kv("service.name","bench"))
spans=b''
for i in range(100):
    span=field(1,2,os.urandom(16))+field(2,2,os.urandom(8))+s(5,f"span-{i}")+field(6,0,varint(2))+field(7,1,struct.pack('<Q',1_700_000_000_000_000_000+i))+field(8,1,struct.pack('<Q',1_700_000_000_000_100_000+i))
    for a in range(10):
        span+=field(9,2,kv(f"attr.{a}","x"*20))
    spans+=field(2,2,span)
scope=field(1,2,s(1,"bench"))+spans
rs=field(1,2,resource)+field(2,2,scope)
msg=field(1,2,rs)
framed=b'\x00'+struct.pack('>I',len(msg))+msg
open(sys.argv[1],'wb').write(framed)
print(len(msg))
