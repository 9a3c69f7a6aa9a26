"""The SHACL gate: a batch report cut per record says the same as checking each record alone."""

from __future__ import annotations

from portal import make_packages
from regiongraph import Settings
from regiongraph.bootstrap import resolver_for
from regiongraph.harvest import SourceRecord
from regiongraph.iris import Minter
from regiongraph.mapping import MappingContext, map_record
from regiongraph.validate import Validator, report_messages


def test_batch_verdicts_and_messages_equal_the_single_ones():
    settings = Settings.load(environ={})
    ctx = MappingContext(Minter(settings.base_iri), resolver_for(settings),
                         options={"publisher": "05978", "language": "de"})  # the portal is German, declared so
    graphs = [map_record(SourceRecord("t", p["id"], "ckan-package", p, p["metadata_modified"]), ctx)[1]
              for p in make_packages(30)]
    validator = Validator(settings.resource("shapes"))
    batch = validator.check_batch(graphs)
    single = [validator.check(g) for g in graphs]
    assert [v.conforms for v in batch] == [v.conforms for v in single]
    assert 0 < sum(not v.conforms for v in batch) < len(graphs), "the fixture mixes valid and invalid packages"
    assert [report_messages(v.report) for v in batch] == [report_messages(v.report) for v in single]
