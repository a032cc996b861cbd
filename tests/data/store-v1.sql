-- A store written by govpatrol before schema versioning (commit 7e63f65 on main),
-- dumped with sqlite3's iterdump: tests/reports_helpers.two_runs, two runs of one site.
-- No user_version, no application_id, no probes table: schema version 1.
BEGIN TRANSACTION;
CREATE TABLE "account_articles" (
   "run_id" INTEGER,
   "account" TEXT,
   "url" TEXT,
   "title" TEXT,
   "list_date" TEXT,
   PRIMARY KEY ("run_id", "account", "url")
);
CREATE TABLE "accounts" (
   "run_id" INTEGER,
   "site" TEXT,
   "name" TEXT,
   "url" TEXT,
   "department" TEXT,
   PRIMARY KEY ("run_id", "name")
);
CREATE TABLE "columns" (
   "run_id" INTEGER,
   "site" TEXT,
   "url" TEXT,
   "name" TEXT,
   "parent" TEXT,
   "department" TEXT,
   "adapter" TEXT,
   "configured_class" TEXT,
   "list_pages" INTEGER,
   PRIMARY KEY ("run_id", "url")
);
INSERT INTO "columns" VALUES(1,'江河市人民政府','http://127.0.0.1:9/news/','工作动态',NULL,'办公室',NULL,NULL,0);
INSERT INTO "columns" VALUES(1,'江河市人民政府','http://127.0.0.1:9/notice/','通知公告',NULL,'宣传科',NULL,NULL,0);
INSERT INTO "columns" VALUES(1,'江河市人民政府','http://127.0.0.1:9/finance/','财政预决算',NULL,'财政局',NULL,NULL,0);
INSERT INTO "columns" VALUES(1,'江河市人民政府','http://127.0.0.1:9/about/','机构概况',NULL,'人事科',NULL,NULL,0);
INSERT INTO "columns" VALUES(2,'江河市人民政府','http://127.0.0.1:9/news/','工作动态',NULL,'办公室',NULL,NULL,0);
INSERT INTO "columns" VALUES(2,'江河市人民政府','http://127.0.0.1:9/notice/','通知公告',NULL,'宣传科',NULL,NULL,0);
INSERT INTO "columns" VALUES(2,'江河市人民政府','http://127.0.0.1:9/finance/','财政预决算',NULL,'财政局',NULL,NULL,0);
INSERT INTO "columns" VALUES(2,'江河市人民政府','http://127.0.0.1:9/about/','机构概况',NULL,'人事科',NULL,NULL,0);
CREATE TABLE "findings" (
   "run_id" INTEGER,
   "id" TEXT,
   "site" TEXT,
   "category" TEXT,
   "rule" TEXT,
   "severity" TEXT,
   "url" TEXT,
   "column" TEXT,
   "department" TEXT,
   "text" TEXT,
   "suggestion" TEXT,
   "context" TEXT,
   "message" TEXT,
   "link_url" TEXT,
   "status" TEXT,
   "published" TEXT,
   "formed" TEXT,
   "last_updated" TEXT,
   "limit_days" INTEGER,
   "actual_days" INTEGER,
   PRIMARY KEY ("run_id", "id")
);
INSERT INTO "findings" VALUES(1,'5ef67e513145005e','江河市人民政府','typo','typo.word','minor','http://127.0.0.1:9/a.html','工作动态','办公室','既使','即使','我们既使遇到困难也要坚持','「既使」应为「即使」',NULL,NULL,NULL,NULL,NULL,NULL,NULL);
INSERT INTO "findings" VALUES(1,'3320f668ac5f6b3f','江河市人民政府','sensitive','sensitive.reactionary','veto','http://127.0.0.1:9/b.html','通知公告','宣传科','<script>alert(1)</script>','<img src=x onerror="document.title=''pwned''">','正文开头<script>alert(1)</script>正文结尾','页面含有违规内容<script>alert(1)</script>',NULL,NULL,NULL,NULL,NULL,NULL,NULL);
INSERT INTO "findings" VALUES(1,'a82938be2dda6215','江河市人民政府','stale_column','freshness.important_news','major','http://127.0.0.1:9/news/','工作动态','办公室',NULL,NULL,NULL,'栏目「工作动态」已12个工作日未更新',NULL,NULL,NULL,NULL,'2024-05-01',2,12);
INSERT INTO "findings" VALUES(1,'c5ff4ddccce76381','江河市人民政府','typo','typo.word','minor','http://127.0.0.1:9/c.html','财政预决算','财政局','帐户','账户','财政专户帐户管理','「帐户」应为「账户」',NULL,NULL,NULL,NULL,NULL,NULL,NULL);
INSERT INTO "findings" VALUES(2,'5ef67e513145005e','江河市人民政府','typo','typo.word','minor','http://127.0.0.1:9/a.html','工作动态','办公室','既使','即使','我们既使遇到困难也要坚持','「既使」应为「即使」',NULL,NULL,NULL,NULL,NULL,NULL,NULL);
INSERT INTO "findings" VALUES(2,'3320f668ac5f6b3f','江河市人民政府','sensitive','sensitive.reactionary','veto','http://127.0.0.1:9/b.html','通知公告','宣传科','<script>alert(1)</script>','<img src=x onerror="document.title=''pwned''">','正文开头<script>alert(1)</script>正文结尾','页面含有违规内容<script>alert(1)</script>',NULL,NULL,NULL,NULL,NULL,NULL,NULL);
INSERT INTO "findings" VALUES(2,'a82938be2dda6215','江河市人民政府','stale_column','freshness.important_news','major','http://127.0.0.1:9/news/','工作动态','办公室',NULL,NULL,NULL,'栏目「工作动态」已12个工作日未更新',NULL,NULL,NULL,NULL,'2024-05-01',2,12);
INSERT INTO "findings" VALUES(2,'a5f3726d9d4f807d','江河市人民政府','late_publication','freshness.interpretation','major','http://127.0.0.1:9/d.html','政策解读','财政局',NULL,NULL,NULL,'政策解读晚于政策8个工作日','http://127.0.0.1:9/policy.html',NULL,NULL,NULL,NULL,5,8);
INSERT INTO "findings" VALUES(2,'07d11cf49cdd4e9e','江河市人民政府','wrong_expression','expression.outdated_institution','major','http://127.0.0.1:9/a.html','工作动态',NULL,'国家工商总局','国家市场监督管理总局','据国家工商总局通知','机构名称已变更',NULL,NULL,NULL,NULL,NULL,NULL,NULL);
INSERT INTO "findings" VALUES(2,'989a49b6a53bbd82','江河市人民政府','broken_link','links.page','minor','http://127.0.0.1:9/a.html','工作动态','办公室',NULL,NULL,NULL,'链接无法访问','http://127.0.0.1:9/gone.html','404',NULL,NULL,NULL,NULL,NULL);
CREATE TABLE "items" (
   "run_id" INTEGER,
   "site" TEXT,
   "column_url" TEXT,
   "url" TEXT,
   "title" TEXT,
   "list_date" TEXT,
   "position" INTEGER,
   PRIMARY KEY ("run_id", "column_url", "url")
);
INSERT INTO "items" VALUES(1,'江河市人民政府','http://127.0.0.1:9/news/','http://127.0.0.1:9/a.html','新闻一','2024-05-01',0);
INSERT INTO "items" VALUES(1,'江河市人民政府','http://127.0.0.1:9/notice/','http://127.0.0.1:9/b.html','<img src=x onerror="document.title=''pwned''">','2024-05-02',0);
INSERT INTO "items" VALUES(1,'江河市人民政府','http://127.0.0.1:9/about/','http://127.0.0.1:9/about.html','概况','2020-01-01',0);
INSERT INTO "items" VALUES(2,'江河市人民政府','http://127.0.0.1:9/news/','http://127.0.0.1:9/a.html','新闻一','2024-05-01',0);
INSERT INTO "items" VALUES(2,'江河市人民政府','http://127.0.0.1:9/notice/','http://127.0.0.1:9/b.html','<img src=x onerror="document.title=''pwned''">','2024-05-02',0);
INSERT INTO "items" VALUES(2,'江河市人民政府','http://127.0.0.1:9/about/','http://127.0.0.1:9/about.html','概况','2020-01-01',0);
CREATE TABLE "link_checks" (
   "run_id" INTEGER,
   "site" TEXT,
   "url" TEXT,
   "status" INTEGER,
   "error" TEXT,
   "final_url" TEXT,
   "soft_404" TEXT,
   "broken" INTEGER,
   "checked_at" TEXT,
   "cached" INTEGER,
   PRIMARY KEY ("run_id", "url")
);
CREATE TABLE "links" (
   "run_id" INTEGER,
   "page_url" TEXT,
   "url" TEXT,
   "kind" TEXT,
   "anchor" TEXT
);
CREATE TABLE "pages" (
   "run_id" INTEGER,
   "site" TEXT,
   "url" TEXT,
   "final_url" TEXT,
   "status" INTEGER,
   "error" TEXT,
   "kind" TEXT,
   "title" TEXT,
   "published" TEXT,
   "metadata" TEXT,
   "meta_tags" TEXT,
   "text" TEXT,
   "column_url" TEXT,
   "encoding" TEXT,
   "fetched_at" TEXT,
   "size" INTEGER,
   "etag" TEXT,
   "last_modified" TEXT,
   "content_hash" TEXT,
   "soft_404" TEXT,
   "footer" TEXT,
   "reused_from" INTEGER,
   PRIMARY KEY ("run_id", "url")
);
INSERT INTO "pages" VALUES(1,'江河市人民政府','http://127.0.0.1:9/a.html',NULL,200,NULL,'detail','新闻一','2024-05-02','{}','{}','我们既使遇到困难也要坚持',NULL,NULL,'2026-12-02T18:04:43+00:00',NULL,NULL,NULL,NULL,NULL,'',NULL);
INSERT INTO "pages" VALUES(1,'江河市人民政府','http://127.0.0.1:9/b.html',NULL,200,NULL,'detail','<img src=x onerror="document.title=''pwned''">','2024-05-02','{}','{}','正文开头<script>alert(1)</script>正文结尾',NULL,NULL,'2026-12-02T18:04:43+00:00',NULL,NULL,NULL,NULL,NULL,'',NULL);
INSERT INTO "pages" VALUES(2,'江河市人民政府','http://127.0.0.1:9/a.html',NULL,200,NULL,'detail','新闻一','2024-05-02','{}','{}','我们既使遇到困难也要坚持',NULL,NULL,'2026-12-02T18:04:43+00:00',NULL,NULL,NULL,NULL,NULL,'',NULL);
INSERT INTO "pages" VALUES(2,'江河市人民政府','http://127.0.0.1:9/b.html',NULL,200,NULL,'detail','<img src=x onerror="document.title=''pwned''">','2024-05-02','{}','{}','正文开头<script>alert(1)</script>正文结尾',NULL,NULL,'2026-12-02T18:04:43+00:00',NULL,NULL,NULL,NULL,NULL,'',NULL);
CREATE TABLE "runs" (
   "id" INTEGER PRIMARY KEY,
   "site" TEXT,
   "url" TEXT,
   "as_of" TEXT,
   "started" TEXT,
   "finished" TEXT,
   "status" TEXT,
   "options" TEXT,
   "stats" TEXT,
   "warnings" TEXT
);
INSERT INTO "runs" VALUES(1,'江河市人民政府','http://127.0.0.1:9/','2024-05-06','2026-12-02T18:04:43+00:00','2026-12-02T18:04:43+00:00','done','{"mode": "site"}','{}','[]');
INSERT INTO "runs" VALUES(2,'江河市人民政府','http://127.0.0.1:9/','2024-05-20','2026-12-02T18:04:43+00:00','2026-12-02T18:04:43+00:00','done','{"mode": "site"}','{}','[]');
CREATE TABLE "sites" (
   "name" TEXT PRIMARY KEY,
   "url" TEXT,
   "first_seen" TEXT
);
INSERT INTO "sites" VALUES('江河市人民政府','http://127.0.0.1:9/','2026-12-02T18:04:43+00:00');
CREATE INDEX "idx_runs_site"
    ON "runs" ("site");
CREATE INDEX "idx_pages_run_id_column_url"
    ON "pages" ("run_id", "column_url");
CREATE INDEX "idx_links_run_id_page_url"
    ON "links" ("run_id", "page_url");
CREATE INDEX "idx_links_run_id_url"
    ON "links" ("run_id", "url");
CREATE INDEX "idx_link_checks_site_url"
    ON "link_checks" ("site", "url");
CREATE INDEX "idx_findings_id"
    ON "findings" ("id");
COMMIT;
