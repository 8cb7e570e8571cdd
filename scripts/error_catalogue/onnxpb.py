# Minimal ONNX protobuf writer, the same as onnx_model() in test_error_catalogue.cpp.
def varint(v):
    out = b''
    while True:
        b = v & 0x7f
        v >>= 7
        if v:
            out += bytes([b | 0x80])
        else:
            return out + bytes([b])

def pb_int(field, v): return varint(field << 3) + varint(v)

def pb_bytes(field, b):
    if isinstance(b, str): b = b.encode()
    return varint(field << 3 | 2) + varint(len(b)) + b

def value_info(name, dims):
    shape = b''.join(pb_bytes(1, pb_int(1, int(d)) if d.isdigit() else pb_bytes(2, d)) for d in dims)
    tensor = pb_int(1, 1) + pb_bytes(2, shape)          # elem_type FLOAT, shape
    return pb_bytes(1, name) + pb_bytes(2, pb_bytes(1, tensor))

def node(ins, outs, name, op):
    return b''.join(pb_bytes(1, i) for i in ins) + b''.join(pb_bytes(2, o) for o in outs) + pb_bytes(3, name) + pb_bytes(4, op)

def model(nodes, inputs, outputs, opset=True):
    g = b''.join(pb_bytes(1, node(*n)) for n in nodes) + pb_bytes(2, 'g')
    g += b''.join(pb_bytes(11, value_info(*i)) for i in inputs) + b''.join(pb_bytes(12, value_info(*o)) for o in outputs)
    m = pb_int(1, 8) + pb_bytes(7, g)
    if opset: m += pb_bytes(8, pb_int(2, 17))
    return m
