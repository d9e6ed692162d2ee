/* dataset.c — see dataset.h. */
#include "dataset.h"

#include <stdio.h>
#include <string.h>
#include <stdlib.h>

#include "xalloc.h"

static void path_join(char *buf, size_t n, const char *dir, const char *file)
{
    snprintf(buf, n, "%s/%s", dir, file);
}

int pv_dataset_load(pv_dataset *d, const char *dir, pv_rejects *rej, pv_err *err)
{
    char path[4096];
    pv_vctx ctx;
    int st;

    memset(d, 0, sizeof *d);
    path_join(path, sizeof path, dir, "config.csv");
    if ((st = pv_config_load(&d->cfg, path, path, rej, err)))
        return st;
    memset(&ctx, 0, sizeof ctx);
    ctx.period_start = d->cfg.period_start;
    ctx.period_end = d->cfg.period_end;
    ctx.decimal = d->cfg.decimal;
    ctx.opts = d->cfg.opts;
    path_join(path, sizeof path, dir, "codes.csv");
    size_t before = rej->n;
    if ((st = pv_codes_load(&d->codes, path, path, &ctx, rej, err)))
        return st;
    if (rej->n > before) {
        const pv_reject *e = &rej->v[before];
        return pv_err_set(err, PV_EXIT_DATA, "%s:%ld:%d: %s ('%s')", e->file,
                          e->line, e->column, e->reason, e->value);
    }
    ctx.codes = &d->codes;
    if ((st = pv_model_load(&d->model, dir, &ctx, rej, err)))
        return st;
    d->has_participation = d->model.present;
    if (!d->has_participation)
        return 0; /* a dataset without participation reports */
    /* the unit tables are read through pv_vtable_str only: the text of
     * their references and codes need not be kept (schema.h) */
    ctx.derive_text = 1;
    int nu = d->model.nu;
    pv_vtable **tabs = pv_xcalloc((size_t)nu + 1, sizeof *tabs);
    d->t = pv_xcalloc((size_t)nu + 1, sizeof *d->t);
    for (int i = 0; i < nu && !st; i++) {
        const pv_unit *u = &d->model.u[i];
        tabs[i] = &d->t[i];
        ctx.tables = tabs;
        ctx.ntables = (size_t)i;
        path_join(path, sizeof path, dir, u->file);
        if (!(st = pv_vtable_load(&d->t[i], u->name, u->cols, u->ncols, path, path, &ctx, rej,
                                  err)))
            d->n_loaded = i + 1;
    }
    free(tabs);
    return st;
}

void pv_dataset_free(pv_dataset *d)
{
    if (!d)
        return;
    for (int i = 0; d->t && i < d->model.nu; i++)
        pv_vtable_free(&d->t[i]);
    free(d->t);
    pv_model_free(&d->model);
    pv_codes_free(&d->codes);
    pv_config_free(&d->cfg);
}

pv_vctx pv_dataset_vctx(const pv_dataset *d)
{
    pv_vctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.period_start = d->cfg.period_start;
    ctx.period_end = d->cfg.period_end;
    ctx.decimal = d->cfg.decimal;
    ctx.opts = d->cfg.opts;
    ctx.codes = &d->codes;
    return ctx;
}
