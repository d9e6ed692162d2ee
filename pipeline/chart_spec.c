/* chart_spec.c — a spec is checked before anything is drawn. */
#include "chart_int.h"
#include "stage.h"

/* ------------------------------------------------------------------------
 * Spec validation
 * ------------------------------------------------------------------------ */

static int ch_str_check(const char *what, int i, const char *s, int may_be_null,
                        pv_err *err)
{
    if (!s && may_be_null)
        return 0;
    if (!s)
        return pv_err_set(err, PV_EXIT_DATA, "chart: %s %d is NULL", what, i);
    if (!g_utf8_validate(s, -1, NULL))
        return pv_err_set(err, PV_EXIT_DATA, "chart: %s %d is not valid UTF-8",
                          what, i);
    return 0;
}

static int ch_spec_check_counts(const pv_chart_spec *s, pv_err *err)
{
    int max_ser = s->kind == PV_CHART_HEATMAP ? CH_HEAT_MAX_SER : CH_MAX_SER;

    if ((unsigned)s->kind > PV_CHART_FLOW)
        return pv_err_set(err, PV_EXIT_DATA, "chart: unknown kind %d",
                          (int)s->kind);
    if (s->lang != PV_LANG_FR && s->lang != PV_LANG_EN)
        return pv_err_set(err, PV_EXIT_DATA, "chart: unknown language %d",
                          (int)s->lang);
    if (s->n_ser < 1 || s->n_ser > max_ser)
        return pv_err_set(err, PV_EXIT_DATA,
                          "chart: %d series (must be 1 to %d)", s->n_ser,
                          max_ser);
    if (s->n_cat < 0 || s->n_cat > CH_MAX_CAT)
        return pv_err_set(err, PV_EXIT_DATA,
                          "chart: %d categories (must be 0 to %d)", s->n_cat,
                          CH_MAX_CAT);
    if (s->value_decimals < 0 || s->value_decimals > 6)
        return pv_err_set(err, PV_EXIT_DATA,
                          "chart: value_decimals %d (must be 0 to 6)",
                          s->value_decimals);
    if (s->n_cat > 0 && (!s->cat_labels || !s->values))
        return pv_err_set(err, PV_EXIT_DATA,
                          "chart: %s is NULL", s->values ? "cat_labels" : "values");
    if (s->n_ser > 1 && !s->ser_labels)
        return pv_err_set(err, PV_EXIT_DATA, "chart: ser_labels is NULL");
    for (int i = 0; s->ser_slot && i < s->n_ser; i++)
        if (s->ser_slot[i] < 0 || s->ser_slot[i] >= PV_CHART_SLOTS)
            return pv_err_set(err, PV_EXIT_DATA,
                              "chart: series %d has palette slot %d (must be "
                              "0 to %d)", i + 1, s->ser_slot[i],
                              PV_CHART_SLOTS - 1);
    return 0;
}

static int ch_spec_check_cells(const pv_chart_spec *s, pv_err *err)
{
    size_t i, n = (size_t)s->n_ser * (size_t)s->n_cat;

    for (i = 0; i < n; i++) {
        if (isinf(s->values[i]))
            return pv_err_set(err, PV_EXIT_DATA,
                              "chart: value of series %zu, category %zu is "
                              "infinite", i / (size_t)s->n_cat + 1,
                              i % (size_t)s->n_cat + 1);
        int rc = s->value_text ? ch_str_check("value_text", (int)i + 1,
                                              s->value_text[i], 1, err)
                               : 0;
        if (rc)
            return rc;
    }
    return 0;
}

/* Fields of the questionnaire kinds and of HEATMAP given to a kind that
 * does not draw them: an error, so the caller learns they would be
 * ignored. */
static int ch_spec_check_fields(const pv_chart_spec *s, pv_err *err)
{
    int rows = s->kind == PV_CHART_LIKERT || s->kind == PV_CHART_DOT_CI;
    int dot = s->kind == PV_CHART_DOT_CI;
    int heat = s->kind == PV_CHART_HEATMAP;

    if (heat && ((s->cat_note && !s->cell_slot) || s->cat_panel))
        return pv_err_set(err, PV_EXIT_DATA,
                          "chart: HEATMAP draws cat_group, cat_note only "
                          "with cell_slot, and never cat_panel");
    if (!rows && !heat && (s->cat_note || s->cat_group || s->cat_panel))
        return pv_err_set(err, PV_EXIT_DATA,
                          "chart: cat_note, cat_group and cat_panel are drawn "
                          "only by LIKERT and DOT_CI charts (cat_group also "
                          "by HEATMAP)");
    if (!heat && s->heat_diagonal_blank)
        return pv_err_set(err, PV_EXIT_DATA,
                          "chart: heat_diagonal_blank is drawn only by "
                          "HEATMAP charts");
    if (!heat && ((s->cell_slot && s->kind != PV_CHART_HBAR && !dot) ||
                  s->n_key || s->key_labels || s->key_slots))
        return pv_err_set(err, PV_EXIT_DATA,
                          "chart: cell_slot is drawn only by HEATMAP, HBAR "
                          "and DOT_CI charts, n_key, key_labels and key_slots "
                          "only by HEATMAP");
    if (s->kind != PV_CHART_FLOW && s->flow_part)
        return pv_err_set(err, PV_EXIT_DATA,
                          "chart: flow_part is drawn only by FLOW charts");
    if (!dot && (s->ci_low || s->ci_high || s->axis_min != 0 ||
                 s->axis_max != 0))
        return pv_err_set(err, PV_EXIT_DATA,
                          "chart: ci_low, ci_high, axis_min and axis_max are "
                          "drawn only by DOT_CI charts");
    return 0;
}

static int ch_spec_check_likert(const pv_chart_spec *s, pv_err *err)
{
    size_t i, n = (size_t)s->n_ser * (size_t)s->n_cat;

    if (s->n_ser < 2 || s->n_ser > CH_LIKERT_MAX_SER)
        return pv_err_set(err, PV_EXIT_DATA,
                          "chart: LIKERT with %d answer categories (must be 2 "
                          "to %d)", s->n_ser, CH_LIKERT_MAX_SER);
    if (s->neutral == -1 && s->n_ser % 2 != 0)
        return pv_err_set(err, PV_EXIT_DATA,
                          "chart: LIKERT: %d answer categories and no neutral "
                          "one (neutral = -1): the centre needs an even "
                          "number", s->n_ser);
    if (s->neutral != -1 && (s->neutral < 1 || s->neutral > s->n_ser - 2))
        return pv_err_set(err, PV_EXIT_DATA,
                          "chart: LIKERT: neutral %d (must be -1 for a scale "
                          "without neutral answer, or the index of the "
                          "neutral series, 1 to %d)", s->neutral, s->n_ser - 2);
    if (ch_likert_n_neg(s) > CH_LIKERT_SIDE ||
        s->n_ser - ch_likert_pos0(s) > CH_LIKERT_SIDE)
        return pv_err_set(err, PV_EXIT_DATA,
                          "chart: LIKERT: more than %d answer categories on "
                          "one side of neutral %d", CH_LIKERT_SIDE, s->neutral);
    for (i = 0; i < n; i++)
        if (s->values[i] < 0 || s->values[i] > 1 + 1e-6) /* false for NAN */
            return pv_err_set(err, PV_EXIT_DATA,
                              "chart: LIKERT: share %g of series %zu, category "
                              "%zu is not in 0..1", s->values[i],
                              i / (size_t)s->n_cat + 1, i % (size_t)s->n_cat + 1);
    return 0;
}

static int ch_spec_check_dot(const pv_chart_spec *s, pv_err *err)
{
    size_t i, n = (size_t)s->n_ser * (size_t)s->n_cat;

    if (!isfinite(s->axis_min) || !isfinite(s->axis_max) ||
        ((s->axis_min != 0 || s->axis_max != 0) && s->axis_min >= s->axis_max))
        return pv_err_set(err, PV_EXIT_DATA,
                          "chart: DOT_CI: axis from %g to %g (both 0 for an "
                          "automatic axis, or axis_min < axis_max)",
                          s->axis_min, s->axis_max);
    if (s->n_cat > 0 && (!s->ci_low || !s->ci_high))
        return pv_err_set(err, PV_EXIT_DATA,
                          "chart: DOT_CI: %s is NULL (NAN cells draw no "
                          "whisker)", s->ci_low ? "ci_high" : "ci_low");
    for (i = 0; i < n; i++) {
        double lo = s->ci_low[i], hi = s->ci_high[i];
        if (isinf(lo) || isinf(hi) || lo > hi) /* false for NAN */
            return pv_err_set(err, PV_EXIT_DATA,
                              "chart: DOT_CI: interval %g to %g of series %zu, "
                              "category %zu", lo, hi, i / (size_t)s->n_cat + 1,
                              i % (size_t)s->n_cat + 1);
    }
    return 0;
}

static int ch_spec_check_heat(const pv_chart_spec *s, pv_err *err)
{
    size_t i, n = (size_t)s->n_ser * (size_t)s->n_cat;
    int rc;

    /* the header of a single column (more are checked with every kind) */
    if (s->n_ser == 1 && s->ser_labels &&
        (rc = ch_str_check("ser_labels", 1, s->ser_labels[0], 0, err)))
        return rc;
    if (s->heat_diagonal_blank < 0 || s->heat_diagonal_blank > 2)
        return pv_err_set(err, PV_EXIT_DATA,
                          "chart: HEATMAP: heat_diagonal_blank %d (must be 0, "
                          "1 or 2)", s->heat_diagonal_blank);
    if (s->n_key < 0 || s->n_key > CH_MAX_SER ||
        (s->n_key > 0 && (!s->key_labels || !s->key_slots)))
        return pv_err_set(err, PV_EXIT_DATA,
                          "chart: HEATMAP: %d legend keys (must be 0 to %d, "
                          "with key_labels and key_slots)", s->n_key,
                          CH_MAX_SER);
    for (i = 0; i < (size_t)s->n_key; i++) {
        if ((rc = ch_str_check("key_labels", (int)i + 1, s->key_labels[i], 0,
                               err)))
            return rc;
        if (s->key_slots[i] < -1 || s->key_slots[i] >= PV_CHART_SLOTS)
            return pv_err_set(err, PV_EXIT_DATA,
                              "chart: HEATMAP: key %zu has slot %d (must be -1 "
                              "to %d)", i + 1, s->key_slots[i],
                              PV_CHART_SLOTS - 1);
    }
    if (s->heat_diagonal_blank && s->n_ser != s->n_cat)
        return pv_err_set(err, PV_EXIT_DATA,
                          "chart: HEATMAP: a blank diagonal needs a square "
                          "matrix (%d columns, %d rows)", s->n_ser, s->n_cat);
    for (i = 0; i < n; i++)
        if (s->values[i] < 0 ||
            (s->value_is_pct && s->values[i] > 1 + 1e-6)) /* false for NAN */
            return pv_err_set(err, PV_EXIT_DATA,
                              "chart: HEATMAP: value %g of column %zu, row %zu "
                              "is %s", s->values[i], i / (size_t)s->n_cat + 1,
                              i % (size_t)s->n_cat + 1,
                              s->values[i] < 0 ? "negative"
                                               : "a share above 1");
    return 0;
}

static int ch_spec_check_flow(const pv_chart_spec *s, pv_err *err)
{
    if (s->n_ser != 1)
        return pv_err_set(err, PV_EXIT_DATA,
                          "chart: FLOW with %d series (must be 1)", s->n_ser);
    if (s->flow_part && s->n_cat > 0 && s->flow_part[0])
        return pv_err_set(err, PV_EXIT_DATA,
                          "chart: FLOW: the first step is a part of no step");
    for (int c = 0; c < s->n_cat; c++)
        if (s->values[c] < 0) /* false for NAN */
            return pv_err_set(err, PV_EXIT_DATA,
                              "chart: FLOW: step %d has the negative count %g",
                              c + 1, s->values[c]);
    return 0;
}

/* The questionnaire kinds' and HEATMAP's own fields. */
static int ch_spec_check_rows(const pv_chart_spec *s, pv_err *err)
{
    int i, rc;

    if ((rc = ch_spec_check_fields(s, err)))
        return rc;
    for (i = 0; i < s->n_cat; i++)
        if ((s->cat_note &&
             (rc = ch_str_check("cat_note", i + 1, s->cat_note[i], 1, err))) ||
            (s->cat_group &&
             (rc = ch_str_check("cat_group", i + 1, s->cat_group[i], 1, err))) ||
            (s->cat_panel &&
             (rc = ch_str_check("cat_panel", i + 1, s->cat_panel[i], 1, err))))
            return rc;
    for (i = 0; s->cell_slot && i < s->n_ser * s->n_cat; i++)
        if (s->cell_slot[i] < -1 || s->cell_slot[i] >= PV_CHART_SLOTS)
            return pv_err_set(err, PV_EXIT_DATA,
                              "chart: cell %d has slot %d (must be -1 to %d)",
                              i + 1, s->cell_slot[i], PV_CHART_SLOTS - 1);
    if (s->kind == PV_CHART_LIKERT)
        return ch_spec_check_likert(s, err);
    if (s->kind == PV_CHART_DOT_CI)
        return ch_spec_check_dot(s, err);
    if (s->kind == PV_CHART_HEATMAP)
        return ch_spec_check_heat(s, err);
    if (s->kind == PV_CHART_TILEMAP)
        return ch_spec_check_tilemap(s, err);
    if (s->kind == PV_CHART_TIMELINE)
        return ch_spec_check_timeline(s, err);
    if (s->tile_col || s->tile_row || s->tile_blank || s->blank_label || s->n_event ||
        s->event_row || s->event_start || s->event_end)
        return pv_err_set(err, PV_EXIT_DATA,
                          "chart: tile_* and blank_label are drawn only by TILEMAP, "
                          "event_* only by TIMELINE charts");
    if (s->kind == PV_CHART_FLOW)
        return ch_spec_check_flow(s, err);
    return 0;
}

/* Return 0 if the spec can be drawn, else set *err (PV_EXIT_DATA). */
int ch_spec_check(const pv_chart_spec *s, pv_err *err)
{
    int i, rc;

    if (!s)
        return pv_err_set(err, PV_EXIT_DATA, "chart: spec is NULL");
    if ((rc = ch_spec_check_counts(s, err)))
        return rc;
    if (!s->title)
        return pv_err_set(err, PV_EXIT_DATA, "chart: title is NULL");
    if ((rc = ch_str_check("title", 1, s->title, 0, err)) ||
        (rc = ch_str_check("subtitle", 1, s->subtitle, 1, err)) ||
        (rc = ch_str_check("note", 1, s->note, 1, err)) ||
        (rc = ch_str_check("value_axis", 1, s->value_axis, 1, err)) ||
        (rc = ch_str_check("alt", 1, s->alt, 1, err)) ||
        (rc = ch_str_check("author", 1, s->author, 1, err)))
        return rc;
    for (i = 0; i < s->n_cat; i++)
        if ((rc = ch_str_check("cat_labels", i + 1, s->cat_labels[i], 0, err)))
            return rc;
    for (i = 0; s->n_ser > 1 && i < s->n_ser; i++)
        if ((rc = ch_str_check("ser_labels", i + 1, s->ser_labels[i], 0, err)))
            return rc;
    if ((rc = ch_spec_check_cells(s, err)))
        return rc;
    return ch_spec_check_rows(s, err);
}
