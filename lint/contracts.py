"""An import-linter contract: across apps, import only an app's public surface.

An app's public surface is its `services` (writes), `selectors` (reads) and `models` (plain
types), plus modules the contract names as plain types or constants (`accounts.roles`,
`regions.levels`, ...). Everything else in an app is its own business, so that an app can
change its insides without breaking another. Ground helpers (`kernel`) and the web faces'
helpers (`web`) are open to all; the floors contract decides who may use the latter.
"""

from __future__ import annotations

from typing import Any

from importlinter import Contract, ContractCheck, fields, output


class PublicSurfaceContract(Contract):
    type_name = "public_surface"

    root = fields.StringField()
    public_modules = fields.SetField(subfield=fields.StringField())
    also_public = fields.SetField(subfield=fields.StringField(), required=False)
    open_packages = fields.SetField(subfield=fields.StringField(), required=False)

    def check(self, graph: Any, verbose: bool) -> ContractCheck:
        root = str(self.root)
        public = set(self.public_modules)  # type: ignore[arg-type]
        also = set(self.also_public or ())  # type: ignore[arg-type]
        open_packages = set(self.open_packages or ())  # type: ignore[arg-type]
        violations: list[str] = []
        for importer in sorted(graph.modules):
            parts = importer.split(".")
            if parts[0] != root or len(parts) < 2:
                continue
            for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                target = imported.split(".")
                if target[0] != root or len(target) < 3 or target[1] == parts[1]:
                    continue
                if target[1] in open_packages or target[2] in public:
                    continue
                if f"{target[1]}.{target[2]}" in also:
                    continue
                violations.append(f"{importer} -> {imported}")
        return ContractCheck(kept=not violations, metadata={"violations": violations})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for line in check.metadata["violations"]:
            output.print_error(line)
        output.new_line()
        output.print("Import another app's services, selectors or models, or add a plain "
                     "type/constant module to also_public with a reason.")
