"""Backend runtimes: one module per target, each implementing every op of
:data:`kronsym.codegen.ir.OPS` as a function (the emit table is the module)."""
