"""Clusters of linked claims: who reports a claim, from which origins, and what that is worth.

A cluster is a connected set of claims over links that nobody rejected. Per cluster:
- ``origins``: the distinct origins behind its reports, each with how many reports rest on it;
- ``independent_origins``: how many distinct origins there are — reports that trace back to one
  origin (three outlets all citing Tasnim) count once;
- ``circular``: some origin stands behind two or more reports, so the number of reports
  overstates the confirmations (the classic way a rumour becomes "confirmed").

Decisions are never copied across a cluster: the view *offers* the others' decisions, suggests
credibility 1 ("confirmed by other sources") only with two or more independent origins, and says
"disputed elsewhere" when another report of the claim is disputed.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, selectinload

from service.documents import get_claim
from service.models import Claim
from service.models_corroboration import ClaimCorroboration, ClaimLink
from service.origins import origin_of

# A cluster larger than this is cut off (the view says so): an outsized cluster means the
# threshold or a boilerplate sentence is at fault, and no analyst reads that many reports.
MAX_CLUSTER = 200
CHUNK = 900


def _graph(session: Session, seeds: Iterable[int]) -> tuple[set[int], dict[int, ClaimLink]]:
    """Claims reachable from ``seeds`` over links nobody rejected (one query per hop, however
    many seeds), and every link met on the way, rejected ones included."""
    reached = set(seeds)
    frontier, links = set(reached), {}
    limit = MAX_CLUSTER * max(1, len(reached))
    while frontier and len(reached) < limit:
        ids = sorted(frontier)
        frontier = set()
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start:start + CHUNK]
            query = select(ClaimLink).where(or_(ClaimLink.claim_a_id.in_(chunk), ClaimLink.claim_b_id.in_(chunk)))
            for link in session.scalars(query):
                links[link.id] = link
                if link.status != "rejected":
                    frontier.update(end for end in (link.claim_a_id, link.claim_b_id) if end not in reached)
        reached |= frontier
    return reached, links


def _components(nodes: set[int], links: Iterable[ClaimLink]) -> dict[int, int]:
    """Union-find over the links nobody rejected: each node's component root."""
    parent = {node: node for node in nodes}

    def root(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for link in links:
        if link.status != "rejected" and link.claim_a_id in parent and link.claim_b_id in parent:
            parent[root(link.claim_a_id)] = root(link.claim_b_id)
    return {node: root(node) for node in nodes}


def members(session: Session, claim_id: int) -> tuple[dict[int, float], list[ClaimLink]]:
    """The claims of ``claim_id``'s cluster, each with its score: 1.0 for the claim itself, the
    score of its link with the claim where there is one, else the best score of a link that ties
    it in through others. Also every link met (rejected ones included)."""
    reached, links = _graph(session, [claim_id])
    roots = _components(reached, links.values())
    cluster = {node for node, top in roots.items() if top == roots[claim_id]}
    best, direct = {claim_id: 1.0}, {}
    for link in links.values():
        if link.status == "rejected" or link.claim_a_id not in cluster:
            continue
        if claim_id in (link.claim_a_id, link.claim_b_id):
            direct[link.other(claim_id)] = link.score
        for end in (link.claim_a_id, link.claim_b_id):
            if end != claim_id:
                best[end] = max(best.get(end, 0.0), link.score)
    best.update(direct)
    return best, sorted(links.values(), key=lambda link: link.id)


def _loaded(session: Session, ids: Iterable[int]) -> dict[int, Claim]:
    ids = sorted(ids)
    found = {}
    for start in range(0, len(ids), CHUNK):
        query = (select(Claim).where(Claim.id.in_(ids[start:start + CHUNK]))
                 .options(selectinload(Claim.attributions), selectinload(Claim.document)))
        found.update((claim.id, claim) for claim in session.scalars(query))
    return found


def _origins(session: Session, ids: Iterable[int], claims: dict[int, Claim] | None = None) -> dict[int, tuple[str, str]]:
    """(key, name) of each claim's origin: stored at ingest, worked out for claims stored before
    matching existed (loaded here unless ``claims`` has them)."""
    ids = sorted(ids)
    stored = {}
    for start in range(0, len(ids), CHUNK):
        query = select(ClaimCorroboration).where(ClaimCorroboration.claim_id.in_(ids[start:start + CHUNK]))
        stored.update((row.claim_id, (row.origin_key, row.origin_name)) for row in session.scalars(query))
    missing = [i for i in ids if i not in stored]
    if missing:
        loaded = claims if claims is not None else _loaded(session, missing)
        for claim_id in missing:
            origin = origin_of(loaded[claim_id], loaded[claim_id].document)
            stored[claim_id] = (origin.key, origin.name)
    return stored


def summarise(origins: dict[int, tuple[str, str]]) -> tuple[list[dict], int, bool]:
    counts = Counter(key for key, _name in origins.values())
    names = {}
    for key, name in origins.values():
        names.setdefault(key, name)
    listed = [{"key": key, "name": names[key], "reports": n} for key, n in sorted(counts.items())]
    return listed, len(counts), any(n > 1 for n in counts.values()) and len(origins) > 1


def refresh(session: Session, claim_ids: Iterable[int]) -> None:
    """Bring the stored cluster summaries of these claims' clusters up to date."""
    seeds = set(claim_ids)
    if not seeds:
        return
    reached, links = _graph(session, seeds)
    roots = _components(reached, links.values())
    clusters: dict[int, list[int]] = {}
    for node, top in roots.items():
        clusters.setdefault(top, []).append(node)
    origins = _origins(session, reached)
    by_values: dict[tuple, list[int]] = {}
    for nodes in clusters.values():
        _listed, independent, circular = summarise({node: origins[node] for node in nodes})
        by_values.setdefault((len(nodes), independent, circular), []).extend(nodes)
    for (reports, independent, circular), nodes in by_values.items():
        for start in range(0, len(nodes), CHUNK):
            session.execute(
                update(ClaimCorroboration).where(ClaimCorroboration.claim_id.in_(nodes[start:start + CHUNK]))
                .values(reports=reports, independent_origins=independent, circular=circular)
                .execution_options(synchronize_session=False)
            )


def corroboration(session: Session, claim_id: int) -> dict:
    """The cluster of a claim as analysts read it (the API's and the page's view)."""
    claim = get_claim(session, claim_id)
    best, links = members(session, claim.id)
    claims = _loaded(session, best)
    origins = _origins(session, best, claims)
    listed, independent, circular = summarise(origins)
    order = sorted(claims, key=lambda i: (i != claim.id, -best[i], i))
    reports = [{
        "claim_id": i, "document_id": claims[i].document_id, "score": best[i],
        "origin": origins[i][1], "origin_key": origins[i][0], "status": claims[i].status,
        "outlet": claims[i].document.outlet, "title": claims[i].document.title, "url": claims[i].document.url,
        "text": claims[i].text,
    } for i in order]
    others = [claims[i] for i in order if i != claim.id]
    return {
        "claim_id": claim.id,
        "reports": reports,
        "origins": listed,
        "independent_origins": independent,
        "circular": circular,
        "truncated": len(best) >= MAX_CLUSTER,
        "suggested_credibility": 1 if independent >= 2 else None,
        "disputed_elsewhere": any(other.status == "disputed" for other in others),
        "offers": [{"claim_id": other.id, "status": other.status} for other in others
                   if other.status not in ("unreviewed", claim.status)],
        "links": [link for link in links if claim.id in (link.claim_a_id, link.claim_b_id)],
    }
