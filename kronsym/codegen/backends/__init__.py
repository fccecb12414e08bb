"""Backend runtimes: one module per target (numpy, jax, torch, mpmath).

Owns nothing itself. Contract of every backend module: ``OP_TABLE`` maps each op of
:data:`kronsym.codegen.ir.OPS` to its function, or ``UNSUPPORTED`` maps the op to the
reason it has none; ``OP_TABLE`` holds no name outside ``OPS`` (both checked by
tests/package/test_contract.py). The table's entries are also module attributes, which is
how generated code calls them (``_rt.matmul(...)``), next to the two runtime helpers
``asarray`` (argument conversion) and ``argument_error`` (the error path of the
generated shape checks)."""
