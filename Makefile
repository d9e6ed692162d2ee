# proxeval — the pipeline as a DAG.  `make help` lists the targets.
#
# Each stage is a rule from input files to output files; the stage program is
# a prerequisite of its outputs, so changing a program re-runs its stage.

DATA ?= data/demo
OUT  ?= out
FIG  ?= figures
# The figure catalogues: the defaults (those the participation and
# questionnaire stages make from the dataset's declarations, then the
# project's), drawn unless
# config.csv says default_figures,no; then the dataset's own figures.csv.
FIGDEFAULTS ?= $(OUT)/level1/figures_participation.csv $(OUT)/level1/figures_questionnaire.csv \
               data/figures.csv
FIGSPEC ?= $(wildcard $(DATA)/figures.csv)
# The colour of each group and category in every figure (data/README.md).
COLOURS ?= data/colours.csv
# Every file of the dataset folder, at any depth: ingest reads CSV files,
# .sav responses, a REFI-QDA project (.qdpx, or .qde with its Sources/
# folder) and whatever files instruments.csv names, so each is a
# prerequisite (touch one and ingest runs again).  -L: links are followed,
# as ingest follows them.
DATA_FILES := $(shell find -L $(DATA) -type f ! -name '*.tmp' 2>/dev/null | LC_ALL=C sort)
# The stamps of each stage (a stage writes several files; one stands for all):
# $(OUT)/ingest.csv for out/clean and out/rejects, then the first table of each.
LEVEL1 := $(OUT)/level1/participation_headline.csv $(OUT)/level1/questionnaire_items.csv \
          $(OUT)/level1/qualitative_codes.csv
LEVEL2 := $(OUT)/level2/convergence_themes.csv
# The report: the dataset's language at the top, English in en/.
REPORT := $(OUT)/report/index.html $(OUT)/report/en/index.html
# The author's text of the report (Markdown and its declaration), if any.
REPORT_TEXT := $(wildcard $(DATA)/report/*)
# The dataset has qualitative material (CSV tables or a REFI-QDA project):
# then `all` also exports the clean tables as a REFI-QDA project.
QUAL := $(wildcard $(DATA)/codebook.csv $(DATA)/qualitative.qdpx $(DATA)/qualitative.qde)
QDPX := $(if $(QUAL),$(OUT)/project.qdpx)
# 1: go on with the kept rows when ingest rejected some (exit status 1; never
# when it refused the dataset, exit status 4).
ACCEPT_REJECTS ?= 0
# What ingest's rule makes: the clean config is written only when the run may
# go on, so a failed ingest leaves no target (make retries next time) while
# its report, $(OUT)/ingest.csv, and $(OUT)/rejects/ stay for the reader.
INGESTED := $(OUT)/clean/config.csv
# SAN=1: everything built with AddressSanitizer and UBSan in build/san, apart
# from the normal objects (`make check SAN=1`).
SAN ?= 0
BUILD := build$(if $(filter 1,$(SAN)),/san)
BIN  := $(BUILD)/bin

CC     ?= gcc
CFLAGS ?= -O2 -g
CXX    ?= g++
CXXFLAGS ?= -O2 -g
# libcrypto: SHA-256 of the manifest; double-conversion: the shortest digits
# of a double (pipeline/numconv.cc, the one C++ file, a shim).
PKGS   := pangocairo pangoft2 fontconfig libpng gsl glib-2.0 libxml-2.0 libzip libcmark xlsxwriter \
          libcrypto double-conversion
# Recursive (=) so pkg-config runs after tools/deps.sh installed the packages.
# -pthread: the stages that run independent computations on the machine's
# cores (pipeline/par.h); their outputs do not depend on the thread count.
PV_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -pthread -Wall -Wextra -Ipipeline \
            $(shell pkg-config --cflags $(PKGS))
# The C++ shim (pipeline/*.cc: double-conversion, fast_float) with the C
# code: its own standard, the same warnings; linked by the C driver, hence
# -lstdc++.
PV_CXXFLAGS = -std=c++17 -pthread -Wall -Wextra -Ipipeline
PV_LIBS   = $(shell pkg-config --libs $(PKGS)) -lreadstat -lcsv -lstdc++ -lm -pthread
SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer
ifeq ($(SAN),1)
PV_CFLAGS += $(SAN_FLAGS)
PV_CXXFLAGS += $(SAN_FLAGS)
# Stop at the first error; the user's own options (if any) come last and win.
export ASAN_OPTIONS := halt_on_error=1:detect_leaks=1$(if $(ASAN_OPTIONS),:$(ASAN_OPTIONS))
export UBSAN_OPTIONS := halt_on_error=1:print_stacktrace=1$(if $(UBSAN_OPTIONS),:$(UBSAN_OPTIONS))
export LSAN_OPTIONS := suppressions=$(abspath tests/fuzz/lsan.supp):print_suppressions=0$(if $(LSAN_OPTIONS),:$(LSAN_OPTIONS))
endif

LIB_SRC := $(wildcard pipeline/*.c)
LIB_CXX_SRC := $(wildcard pipeline/*.cc)
LIB_OBJ := $(LIB_SRC:pipeline/%.c=$(BUILD)/obj/%.o) $(LIB_CXX_SRC:pipeline/%.cc=$(BUILD)/obj/%.o)
LIB     := $(BUILD)/libproxeval.a
STAGES  := ingest participation questionnaire qualitative convergence figures report manifest qdpx \
           summary
TESTS   := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(wildcard tests/unit/test_*.c))

.DELETE_ON_ERROR:
.SUFFIXES:
.PHONY: all help new-dataset check unit golden fuzz fuzz-regress fuzz-replay bench clean programs ingest qdpx participation questionnaire qualitative convergence manifest figures figures-en report demo-data

## all        : install missing packages, build, run the pipeline on $(DATA) (default)
all: $(OUT)/manifest.csv

# The pipeline (`make`, `make all`) runs the stages that do not wait for
# each other side by side, one per core (JOBS=1: one after the other), each
# stage's messages together (-Otarget).  The DAG above is what orders them,
# so the outputs are the same either way (tests/run.sh runs the demo with
# both).  Other goals (check, bench...) keep make's default, one at a time.
JOBS ?= $(shell nproc 2>/dev/null || echo 1)
ifeq ($(filter-out all,$(MAKECMDGOALS)),)
MAKEFLAGS += -j$(JOBS) -Otarget
endif

## new-dataset: write a new dataset folder to start from, DIR=path (it runs as is:
##              make DATA=path OUT=... FIG=...); DIR must not exist
new-dataset:
	@test -n "$(DIR)" || { echo "new-dataset: say where: make new-dataset DIR=path" >&2; exit 2; }
	@test ! -e "$(DIR)" || { echo "new-dataset: $(DIR) exists; name a new folder" >&2; exit 2; }
	@mkdir -p "$(DIR)" && cp data/skeleton/* "$(DIR)/"
	@echo "new-dataset: $(DIR) written (data/README.md describes every file); run it as is:"
	@echo "    make DATA=$(DIR) OUT=$(DIR)-out FIG=$(DIR)-figures"

## help       : list the targets
help:
	@sed -n 's/^## //p' $(MAKEFILE_LIST)

# ---------------------------------------------------------------- build

$(BUILD)/deps.ok: tools/deps.sh
	@mkdir -p $(BUILD)
	tools/deps.sh build
	@touch $@

$(BUILD)/deps-test.ok: tools/deps.sh
	@mkdir -p $(BUILD)
	tools/deps.sh test
	@touch $@

$(BUILD)/obj/%.o: pipeline/%.c $(wildcard pipeline/*.h) | $(BUILD)/deps.ok
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(PV_CFLAGS) -c -o $@ $<

$(BUILD)/obj/%.o: pipeline/%.cc $(wildcard pipeline/*.h) | $(BUILD)/deps.ok
	@mkdir -p $(@D)
	$(CXX) $(CXXFLAGS) $(PV_CXXFLAGS) -c -o $@ $<

$(LIB): $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BIN)/%: stages/%.c $(LIB) $(wildcard pipeline/*.h)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(PV_CFLAGS) -o $@ $< $(LIB) $(PV_LIBS)

# The demo-data generator is a tool, not a stage: tools/gendemo/ (its own
# data files in tools/gendemo/data/).
GENDEMO_SRC := $(wildcard tools/gendemo/*.c)
$(BIN)/gendemo: $(GENDEMO_SRC) $(wildcard tools/gendemo/*.h) $(LIB) $(wildcard pipeline/*.h)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(PV_CFLAGS) -DGENDEMO_DATA='"$(CURDIR)/tools/gendemo/data"' \
	    -o $@ $(GENDEMO_SRC) $(LIB) $(PV_LIBS)

## programs   : build the stage programs and gendemo into build/bin
programs: $(STAGES:%=$(BIN)/%) $(BIN)/gendemo

# ---------------------------------------------------------------- pipeline

## ingest     : validate $(DATA) into $(OUT)/clean, $(OUT)/rejects, $(OUT)/ingest.csv
##              (ACCEPT_REJECTS=1: go on with the kept rows when some were rejected)
# (summary: where the rejects are and how to go on, when ingest stops the run)
ingest: $(INGESTED)
$(INGESTED): $(BIN)/ingest $(DATA_FILES) | $(BIN)/summary
	$(BIN)/ingest --out $(OUT) $(DATA) || { rc=$$?; \
	  if [ $$rc = 1 ] && [ "$(ACCEPT_REJECTS)" = 1 ]; then \
	    echo "ingest: rows were rejected (see $(OUT)/rejects/); going on with the kept rows"; \
	  else \
	    rm -rf $(OUT)/level1 $(OUT)/level2 $(OUT)/report $(OUT)/manifest.csv $(OUT)/project.qdpx; \
	    find $(FIG) -type f ! -name README.md -delete 2>/dev/null; \
	    echo "ingest: stopped; the outputs of an earlier run were removed (they came from other data)"; \
	    $(BIN)/summary --out $(OUT) --failed $$rc; \
	    exit $$rc; \
	  fi; }

## qdpx       : the clean qualitative tables as a REFI-QDA project, $(OUT)/project.qdpx,
##              to open in a QDA tool (made by all when $(DATA) has qualitative material;
##              without qualitative tables the stage writes nothing and says so)
qdpx: $(OUT)/project.qdpx
$(OUT)/project.qdpx: $(BIN)/qdpx $(INGESTED)
	$(BIN)/qdpx --in $(OUT)/clean --out $@

## participation : first-level statistics of the participation reports
participation: $(OUT)/level1/participation_headline.csv
$(OUT)/level1/participation_headline.csv: $(BIN)/participation $(INGESTED)
	$(BIN)/participation --in $(OUT)/clean --out $(OUT)/level1

## questionnaire : first-level statistics of the questionnaires
questionnaire: $(OUT)/level1/questionnaire_items.csv
$(OUT)/level1/questionnaire_items.csv: $(BIN)/questionnaire $(INGESTED)
	$(BIN)/questionnaire --in $(OUT)/clean --out $(OUT)/level1

## qualitative : first-level statistics of the coded focus groups and interviews
qualitative: $(OUT)/level1/qualitative_codes.csv
$(OUT)/level1/qualitative_codes.csv: $(BIN)/qualitative $(INGESTED)
	$(BIN)/qualitative --in $(OUT)/clean --out $(OUT)/level1

## convergence : second level: ratings, convergence coding, stability, joint display
convergence: $(OUT)/level2/convergence_themes.csv
$(OUT)/level2/convergence_themes.csv: $(BIN)/convergence $(INGESTED) $(LEVEL1) data/messages.csv
	$(BIN)/convergence --in $(OUT) --out $(OUT)/level2

## figures    : charts (PDF, SVG, PNG) and captions in $(FIG)
figures: $(FIG)/captions.csv
$(FIG)/captions.csv: $(BIN)/figures $(INGESTED) $(LEVEL1) $(LEVEL2) data/figures.csv $(FIGSPEC) $(COLOURS) data/messages.csv
	$(BIN)/figures $(FIGDEFAULTS:%=--defaults %) $(FIGSPEC:%=--catalogue %) --colours $(COLOURS) --in $(OUT) --out $(FIG) || { rc=$$?; [ $$rc = 1 ] && \
	  [ "$(ACCEPT_REJECTS)" = 1 ] && echo "figures: catalogue rows were rejected (see $(FIG)/rejects.csv)"; }

## figures-en : the same charts in English, in $(FIG)/en
figures-en: $(FIG)/en/captions.csv
$(FIG)/en/captions.csv: $(BIN)/figures $(INGESTED) $(LEVEL1) $(LEVEL2) data/figures.csv $(FIGSPEC) $(COLOURS) data/messages.csv
	$(BIN)/figures --lang en $(FIGDEFAULTS:%=--defaults %) $(FIGSPEC:%=--catalogue %) --colours $(COLOURS) --in $(OUT) --out $(FIG)/en

## report     : the web report and its annex workbook, $(OUT)/report/ (English in en/)
##              with the author's text of $(DATA)/report/ when there is one
report: $(REPORT)
REPORT_DEPS := $(BIN)/report $(INGESTED) $(LEVEL1) $(LEVEL2) $(REPORT_TEXT) data/messages.csv \
               docs/METHODS.md $(wildcard docs/methods/*) VERSION
$(OUT)/report/index.html: $(REPORT_DEPS) $(FIG)/captions.csv
	$(BIN)/report --in $(OUT) --figures $(FIG) --text $(DATA)/report --out $(OUT)/report --other en/index.html
$(OUT)/report/en/index.html: $(REPORT_DEPS) $(FIG)/en/captions.csv
	$(BIN)/report --lang en --in $(OUT) --figures $(FIG)/en --text $(DATA)/report --out $(OUT)/report/en \
	  --other ../index.html

## manifest   : out/manifest.csv, every input and output with its size and SHA-256
##              (written last: it lists the report, which shows the hashes of what it read);
##              then the run's summary on stderr (sources, rows kept and rejected, outputs)
manifest: $(OUT)/manifest.csv
$(OUT)/manifest.csv: $(BIN)/manifest VERSION $(DATA_FILES) $(FIG)/captions.csv $(REPORT) $(QDPX) \
                     | $(BIN)/summary
	$(BIN)/manifest --out $@ --input $(DATA) $(OUT) $(FIG)
	@$(BIN)/summary --out $(OUT) --figures $(FIG)

## demo-data  : regenerate data/demo with the seeded generator (committed);
##              the partners' .sav is written by PSPP (date frozen by faketime)
demo-data: $(BIN)/gendemo
	tools/deps.sh demo
	$(BIN)/gendemo data/demo
	faketime -f '2025-03-31 00:00:00' pspp tools/partners_sav.sps

# ---------------------------------------------------------------- tests

$(BUILD)/tests/%: tests/unit/%.c $(LIB) $(wildcard tests/unit/*.h) | $(BUILD)/deps-test.ok
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(PV_CFLAGS) -o $@ $< $(LIB) $(PV_LIBS) -lcmocka

## check      : build and run every test (unit, golden files, bad input, end to end,
##              demo data, fuzz regressions); SAN=1: all of it built with ASan and UBSan
check: unit golden demo-repro fuzz-regress

## unit       : the cmocka unit tests
unit: $(TESTS)
	@for t in $(TESTS); do echo "== $$t"; (cd tests/unit && ../../$$t) || exit 1; done

## golden     : stage tests on fixture datasets and the demo (tests/run.sh)
golden: programs
	BIN=$(abspath $(BIN)) tests/run.sh

# ---------------------------------------------------------------- fuzzing
# Harnesses tests/fuzz/fuzz_<name>.c (LLVMFuzzerTestOneInput), seeds in
# tests/fuzz/corpus/<name>/, crashes once found in tests/fuzz/regress/<name>/.
FUZZ_HARNESSES := csv refiqda sav
FUZZ_SRC := tests/fuzz/fuzz_file.c
FUZZ_HDR := tests/fuzz/fuzz.h
FUZZ_SECONDS ?= 30
FUZZ_CC ?= clang-14
FUZZ_CXX ?= clang++-14
FUZZ_DIR := build/fuzz
FUZZ_FLAGS := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=undefined \
              -fno-omit-frame-pointer
# Replay binaries: the harness with a plain main() (tests/fuzz/driver.c).
REPLAY := $(FUZZ_HARNESSES:%=$(BUILD)/fuzz-replay/fuzz_%)

## fuzz       : run each libFuzzer harness for FUZZ_SECONDS (default 30) seconds;
##              crashes land in build/fuzz/crashes/<harness>/
fuzz: $(FUZZ_HARNESSES:%=$(FUZZ_DIR)/fuzz_%)
	tests/fuzz/run.sh $(FUZZ_DIR) $(FUZZ_SECONDS) $(FUZZ_HARNESSES)

$(FUZZ_DIR)/deps.ok: tools/deps.sh
	@mkdir -p $(@D)
	tools/deps.sh fuzz
	@touch $@

$(FUZZ_DIR)/obj/%.o: pipeline/%.c $(wildcard pipeline/*.h) | $(FUZZ_DIR)/deps.ok
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link $(PV_CFLAGS) -c -o $@ $<

$(FUZZ_DIR)/obj/%.o: pipeline/%.cc $(wildcard pipeline/*.h) | $(FUZZ_DIR)/deps.ok
	@mkdir -p $(@D)
	$(FUZZ_CXX) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link $(PV_CXXFLAGS) -c -o $@ $<

$(FUZZ_DIR)/libproxeval.a: $(LIB_SRC:pipeline/%.c=$(FUZZ_DIR)/obj/%.o) \
                           $(LIB_CXX_SRC:pipeline/%.cc=$(FUZZ_DIR)/obj/%.o)
	rm -f $@
	ar rcs $@ $^

$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_SRC) $(FUZZ_HDR) $(FUZZ_DIR)/libproxeval.a
	$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer $(PV_CFLAGS) -Itests/fuzz -o $@ \
	  $< $(FUZZ_SRC) $(FUZZ_DIR)/libproxeval.a $(PV_LIBS)

$(BUILD)/fuzz-replay/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/driver.c $(FUZZ_SRC) $(FUZZ_HDR) $(LIB)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(PV_CFLAGS) -Itests/fuzz -o $@ $< tests/fuzz/driver.c $(FUZZ_SRC) $(LIB) $(PV_LIBS)

## fuzz-regress : every harness once over its seeds and past crashes, built with
##              gcc's ASan and UBSan when they work here (part of check)
ifeq ($(SAN),1)
fuzz-regress: fuzz-replay
else
fuzz-regress:
	@if tests/fuzz/san-works.sh $(CC) $(SAN_FLAGS); then $(MAKE) --no-print-directory SAN=1 fuzz-replay; \
	 else echo "fuzz-regress: $(CC) has no working ASan/UBSan here: replaying without them"; \
	   $(MAKE) --no-print-directory fuzz-replay; fi
endif

fuzz-replay: $(REPLAY)
	@for h in $(FUZZ_HARNESSES); do \
	   $(BUILD)/fuzz-replay/fuzz_$$h tests/fuzz/corpus/$$h $$(ls -d tests/fuzz/regress/$$h 2>/dev/null) || exit 1; done

## demo-repro : tools/gendemo and PSPP rewrite data/demo byte for byte (tests/gendemo.sh)
.PHONY: demo-repro
demo-repro: $(BIN)/gendemo | $(BUILD)/deps-test.ok
	BIN=$(abspath $(BIN)) tests/gendemo.sh

## bench      : every stage at 1x, 10x and 100x the demo (median wall time, peak memory),
##              the libcsv baseline and R beside them, against issue 15's targets
##              (bench/README.md; BENCH_SCALES, BENCH_RUNS, BENCH_RUNS_BIG)
BENCH_SCALES ?= 1 10 100
bench: programs $(BUILD)/bench/measure $(BUILD)/bench/csvbase
	tools/deps.sh bench || echo "bench: without R's packages the R comparison is skipped"
	BIN=$(abspath $(BIN)) BENCH_BIN=$(abspath $(BUILD)/bench) bench/run.sh $(BENCH_SCALES)

$(BUILD)/bench/measure: bench/measure.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Wall -Wextra -o $@ $<

$(BUILD)/bench/csvbase: bench/csvbase.c | $(BUILD)/deps.ok
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Wall -Wextra -o $@ $< -lcsv

## clean      : remove what was derived (build/, $(OUT)/, generated figures)
clean:
	rm -rf $(BUILD) $(OUT)
	find $(FIG) -type f ! -name README.md -delete 2>/dev/null || true
