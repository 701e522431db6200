def disassemble(program):
    return ""
