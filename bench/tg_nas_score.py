"""Time TG-NAS scoring of all 15,625 NB201 cells and one NB201 hybrid search (issue 4: goal <= 2 s to score).

Uses a predictor trained on a 1,500-cell NB101 sample (10 epochs, cached); the scoring cost does not depend on
how well the predictor was trained. Run: NASBOOK_DATA=../shared/data .venv/bin/python bench/tg_nas_score.py
"""
import time

import numpy as np
import torch

from nasbook.benchmarks import nb101, nb201
from nasbook.graphs import dag_batch, op_features
from nasbook.predictors.tg_nas import fit_tg_nas
from nasbook.search.tg import search_nb201


def best_of(fn, repeats=5):
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter(); fn(); times.append(time.perf_counter() - t0)
    return min(times), float(np.median(times))


def main():
    predictor = fit_tg_nas(nb101().sample(1500, seed=0), epochs=10, progress=False)
    family = nb201("cifar10")
    dags = family.dags()
    predictor.score_dags(dags[:10])  # warm: embeddings from the disk cache
    print(f"torch threads: {torch.get_num_threads()}")
    print("family.dags()            min %.3f s, median %.3f s" % best_of(family.dags))
    feats = op_features(dags)
    print("op_features (cached)     min %.3f s, median %.3f s" % best_of(lambda: op_features(dags)))
    print("dag_batch                min %.3f s, median %.3f s" % best_of(lambda: dag_batch(dags, feats)))
    batch = dag_batch(dags, feats)
    print("GCN forward (one batch)  min %.3f s, median %.3f s" % best_of(lambda: predictor.gcn.predict(batch)))
    print("score(family), end to end min %.3f s, median %.3f s" % best_of(lambda: predictor.score(family)))
    print("search_nb201 (hybrid)    min %.3f s, median %.3f s" % best_of(lambda: search_nb201(predictor.score_dags, progress=False), 3))


if __name__ == "__main__":
    main()
