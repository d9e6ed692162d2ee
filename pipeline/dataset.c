/* dataset.c — see dataset.h. */
#include "dataset.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

const char *const pv_table_files[PV_NTABLES] = {
    [PV_T_TERRITORIES] = "territories.csv", [PV_T_FAMILIES] = "families.csv",
    [PV_T_CHILDREN] = "children.csv", [PV_T_REFERRALS] = "referrals.csv"};
const char *const pv_table_names[PV_NTABLES] = {
    [PV_T_TERRITORIES] = "territories", [PV_T_FAMILIES] = "families",
    [PV_T_CHILDREN] = "children", [PV_T_REFERRALS] = "referrals"};

static const pv_colspec territories_cols[TER_NCOLS] = {
    [TER_ID] = {"territory_id", PV_COL_ID, NULL, 0, 0, 0, NULL},
    [TER_NAME] = {"name", PV_COL_TEXT, NULL, 0, 0, 0, NULL},
    [TER_REGION] = {"region", PV_COL_CODE, "region", 0, 0, 0, NULL},
    [TER_CARRIER] = {"carrier", PV_COL_CODE, "carrier", 0, 0, 0, NULL},
};
static const pv_colspec families_cols[FAM_NCOLS] = {
    [FAM_ID] = {"family_id", PV_COL_ID, NULL, 0, 0, 0, NULL},
    [FAM_TERRITORY] = {"territory_id", PV_COL_REF, "territories", 0, 0, 0, NULL},
    [FAM_FIRST] = {"first_contact", PV_COL_DATE, NULL, 0, 0, PV_IN_PERIOD, NULL},
    [FAM_ISOLATED] = {"isolated", PV_COL_YESNO, NULL, 0, 0, 0, NULL},
    [FAM_REACHED] = {"reached_by", PV_COL_CODE, "reach", 0, 0, 0, NULL},
};
static const pv_colspec children_cols[CHI_NCOLS] = {
    [CHI_ID] = {"child_id", PV_COL_ID, NULL, 0, 0, 0, NULL},
    [CHI_FAMILY] = {"family_id", PV_COL_REF, "families", 0, 0, 0, NULL},
    [CHI_AGE] = {"age", PV_COL_INT, NULL, 0, 17, 0, NULL},
};
static const pv_colspec referrals_cols[REF_NCOLS] = {
    [REF_ID] = {"referral_id", PV_COL_ID, NULL, 0, 0, 0, NULL},
    [REF_FAMILY] = {"family_id", PV_COL_REF, "families", 0, 0, 0, NULL},
    [REF_DATE] = {"date", PV_COL_DATE, NULL, 0, 0, PV_IN_PERIOD, "family_id.first_contact"},
    [REF_DEST] = {"destination", PV_COL_CODE, "destination", 0, 0, 0, NULL},
    [REF_NEED] = {"need", PV_COL_CODE, "need", 0, 0, 0, NULL},
};

static const struct {
    const pv_colspec *cols;
    size_t n;
} specs[PV_NTABLES] = {
    [PV_T_TERRITORIES] = {territories_cols, PV_NCOLS(territories_cols)},
    [PV_T_FAMILIES] = {families_cols, PV_NCOLS(families_cols)},
    [PV_T_CHILDREN] = {children_cols, PV_NCOLS(children_cols)},
    [PV_T_REFERRALS] = {referrals_cols, PV_NCOLS(referrals_cols)}};

static void path_join(char *buf, size_t n, const char *dir, const char *file)
{
    snprintf(buf, n, "%s/%s", dir, file);
}

/* The headline destinations must be codes of the destination list. */
static int check_headline(pv_dataset *d, pv_rejects *rej, pv_err *err)
{
    long r = pv_vtable_find(&d->cfg.vt, "headline_destinations");
    long line = r >= 0 ? d->cfg.vt.raw.line[d->cfg.vt.src[r]] : 1;
    int bad = 0;
    if (d->cfg.n_headline == 0) { /* optional only without participation tables */
        pv_rejects_add(rej, d->cfg.vt.raw.name, r >= 0 ? line : 1, r >= 0 ? 2 : 0,
                       "headline_destinations", "",
                       "required when the dataset has participation tables");
        return pv_err_set(err, PV_EXIT_DATA, "%s:%ld:%d: headline_destinations: required when "
                          "the dataset has participation tables", d->cfg.vt.raw.name,
                          r >= 0 ? line : 1, r >= 0 ? 2 : 0);
    }
    for (int i = 0; i < d->cfg.n_headline; i++)
        if (pv_codes_find(&d->codes, "destination", d->cfg.headline[i]) < 0) {
            pv_rejects_add(rej, d->cfg.vt.raw.name, line, 2, "headline_destinations",
                           d->cfg.headline[i], "not a code of list 'destination' in codes.csv");
            if (!bad++)
                pv_err_set(err, PV_EXIT_DATA,
                           "%s:%ld:2: headline_destinations: not a code of list "
                           "'destination' in codes.csv ('%s')",
                           d->cfg.vt.raw.name, line, d->cfg.headline[i]);
        }
    return bad ? PV_EXIT_DATA : 0;
}

int pv_dataset_load(pv_dataset *d, const char *dir, pv_rejects *rej, pv_err *err)
{
    char path[4096], name[4096];
    pv_vtable *tabs[PV_NTABLES];
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
    for (int i = 0; i < PV_NTABLES; i++) {
        struct stat sb;
        path_join(path, sizeof path, dir, pv_table_files[i]);
        d->has_participation |= stat(path, &sb) == 0;
    }
    if (!d->has_participation)
        return 0; /* a dataset without participation reports */
    if ((st = check_headline(d, rej, err)))
        return st;
    ctx.codes = &d->codes;
    memcpy(d->children_cols, children_cols, sizeof children_cols);
    d->children_cols[CHI_AGE].max = d->cfg.max_child_age;
    for (int i = 0; i < PV_NTABLES; i++) {
        const pv_colspec *cols = i == PV_T_CHILDREN ? d->children_cols : specs[i].cols;
        tabs[i] = &d->t[i];
        ctx.tables = tabs;
        ctx.ntables = (size_t)i;
        path_join(path, sizeof path, dir, pv_table_files[i]);
        snprintf(name, sizeof name, "%s", path);
        if ((st = pv_vtable_load(&d->t[i], pv_table_names[i], cols, specs[i].n,
                                 path, name, &ctx, rej, err)))
            return st;
        d->n_loaded = i + 1;
    }
    return 0;
}

void pv_dataset_free(pv_dataset *d)
{
    if (!d)
        return;
    for (int i = 0; i < PV_NTABLES; i++)
        pv_vtable_free(&d->t[i]);
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
