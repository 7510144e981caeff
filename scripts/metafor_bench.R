# R metafor on a synthetic catalog (scripts/bench.sh): read.csv, escalc RR, rma REML, as evrev pool does.
args <- commandArgs(trailingOnly = TRUE)
suppressPackageStartupMessages(library(metafor))
d <- read.csv(file.path(args[1], "outcomes.csv"))
d <- d[d$outcome == "response", ]
dat <- escalc(measure = "RR", ai = events_t, n1i = n_t, ci = events_c, n2i = n_c, data = d, drop00 = TRUE)
res <- rma(yi, vi, data = dat, method = "REML", control = list(threshold = 1e-10, maxiter = 1000))
cat(sprintf("metafor %s: k = %d, log RR = %.12f, tau2 = %.12f\n",
            packageVersion("metafor"), res$k, as.numeric(res$beta), res$tau2))
