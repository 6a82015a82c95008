/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "shu-document.h"

G_BEGIN_DECLS

/* A small Hebrew corpus two annotators coded, for the figures of a
 * project's search, statuses, agreement and coded text, worked out by
 * hand where they are asserted. Labels: "animal" (בעל חיים) and "act"
 * (פעולה).
 *
 * t1.txt "הכלב נבח. החתול ישן.\n" (21 code points)
 *   dana:  animal [0,4) הכלב, act [5,8) נבח with the comment "קול חזק",
 *          animal [10,15) החתול; a link "agent" (סוכן) from הכלב to נבח;
 *          status done
 *   yossi: animal [0,4) הכלב, act [16,19) ישן (no status: in progress)
 * t2.txt "ציפור שרה.\n" (11 code points)
 *   dana:  animal [0,5) ציפור (no status: in progress)
 *   yossi: animal [0,5) ציפור, act [6,9) שרה with the attribute
 *          זמן=עבר; status done
 * t3.txt "אין כאן דבר.\n", no sidecar (both not started) */
#define SHU_TEST_T1 "הכלב נבח. החתול ישן.\n"
#define SHU_TEST_T2 "ציפור שרה.\n"
#define SHU_TEST_T3 "אין כאן דבר.\n"

void shu_test_write_team_corpus (const char *dir);

G_END_DECLS
