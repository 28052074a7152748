package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	"github.com/riverqueue/river/rivertype"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/store"
	"github.com/rapport-cx/rapport/internal/store/sqlite"
)

// Config is what a Runner needs.
type Config struct {
	DSN    string        // the store's database; River keeps its tables beside Rapport's
	Clock  rapport.Clock // the time handed to scans
	Tasks  []Periodic
	Logger *slog.Logger
	// Timeout bounds one run of a scan; default 10 minutes.
	Timeout time.Duration
}

// Runner runs periodic scans as River jobs. Several nodes may run one
// against the same database: River elects one leader to enqueue each
// period's run, and a scan never has two runs queued or running at once.
type Runner struct {
	client interface {
		Start(context.Context) error
		Stop(context.Context) error
	}
	close func()
	tasks map[string]Periodic
}

// scanArgs is the one job kind: run the named scan.
type scanArgs struct {
	Task string `json:"task"`
}

func (scanArgs) Kind() string { return "rapport_scan" }

// taskName is what River accepts as a periodic job's id.
var taskName = regexp.MustCompile(`\A\w[\w\-.:]+\z`)

// oneAtATime keeps a task from being queued again while a run of it is
// waiting or running; finished runs do not block the next period.
var oneAtATime = river.UniqueOpts{ByArgs: true, ByState: []rivertype.JobState{
	rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRunning,
	rivertype.JobStateRetryable, rivertype.JobStateScheduled,
}}

type scanWorker struct {
	river.WorkerDefaults[scanArgs]
	r       *Runner
	clock   rapport.Clock
	log     *slog.Logger
	timeout time.Duration
}

func (w *scanWorker) Timeout(*river.Job[scanArgs]) time.Duration { return w.timeout }

func (w *scanWorker) Work(ctx context.Context, job *river.Job[scanArgs]) error {
	t, ok := w.r.tasks[job.Args.Task]
	if !ok {
		// A task another version of Rapport knew: nothing to do here.
		return river.JobCancel(fmt.Errorf("jobs: unknown task %q", job.Args.Task))
	}
	start := time.Now()
	if err := t.Run(ctx, w.clock.Now()); err != nil {
		w.log.Error("scan failed", "task", t.Name, "attempt", job.Attempt, "err", err)
		return err
	}
	w.log.Debug("scan done", "task", t.Name, "took", time.Since(start))
	return nil
}

// Start brings River's schema up to date and starts running the tasks, each
// once at start and then every Every.
func Start(ctx context.Context, cfg Config) (*Runner, error) {
	if cfg.Clock == nil {
		cfg.Clock = rapport.SystemClock{}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 10 * time.Minute
	}
	r := &Runner{tasks: make(map[string]Periodic, len(cfg.Tasks))}
	var periodic []*river.PeriodicJob
	for _, t := range cfg.Tasks {
		if t.Name == "" || t.Run == nil || t.Every <= 0 {
			return nil, fmt.Errorf("jobs: task %q needs a name, a positive interval and a function", t.Name)
		}
		if !taskName.MatchString(t.Name) {
			return nil, fmt.Errorf("jobs: task name %q must be 2 or more letters, digits, '-', '_', '.' or ':'", t.Name)
		}
		if _, dup := r.tasks[t.Name]; dup {
			return nil, fmt.Errorf("jobs: task %q is listed twice", t.Name)
		}
		r.tasks[t.Name] = t
		args := scanArgs{Task: t.Name}
		periodic = append(periodic, river.NewPeriodicJob(river.PeriodicInterval(t.Every),
			func() (river.JobArgs, *river.InsertOpts) {
				return args, &river.InsertOpts{MaxAttempts: 3, UniqueOpts: oneAtATime}
			}, &river.PeriodicJobOpts{ID: t.Name, RunOnStart: true}))
	}
	workers := river.NewWorkers()
	river.AddWorker(workers, &scanWorker{r: r, clock: cfg.Clock, log: cfg.Logger, timeout: cfg.Timeout})
	rc := &river.Config{
		Logger:       cfg.Logger.With("component", "jobs"),
		Queues:       map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 2}},
		Workers:      workers,
		PeriodicJobs: periodic,
		// Scans are periodic, not latency-bound: a slower poll keeps River's
		// writes off SQLite's single writer.
		FetchPollInterval: 2 * time.Second,
	}
	var err error
	if store.IsPostgres(cfg.DSN) {
		err = r.startPostgres(ctx, cfg.DSN, rc)
	} else {
		err = r.startSQLite(ctx, cfg.DSN, rc)
	}
	if err != nil {
		return nil, err
	}
	// The runner outlives the start request: Stop ends it, gracefully.
	if err := r.client.Start(context.WithoutCancel(ctx)); err != nil {
		r.close()
		return nil, fmt.Errorf("jobs: start: %w", err)
	}
	return r, nil
}

func (r *Runner) startPostgres(ctx context.Context, dsn string, rc *river.Config) error {
	pool, err := pgxpool.New(ctx, dsn)
	if err != nil {
		return fmt.Errorf("jobs: connect: %w", err)
	}
	driver := riverpgxv5.New(pool)
	if err := migrate(ctx, driver); err != nil {
		pool.Close()
		return err
	}
	client, err := river.NewClient(driver, rc)
	if err != nil {
		pool.Close()
		return fmt.Errorf("jobs: %w", err)
	}
	r.client, r.close = client, pool.Close
	return nil
}

func (r *Runner) startSQLite(ctx context.Context, dsn string, rc *river.Config) error {
	// River keeps its queue in a file of its own beside the store's: SQLite
	// has one writer per file, and ingestion, the busiest writer, must not
	// wait behind River's polling (nor have its profile cache emptied by
	// River's commits). One connection: River's internal operations wait
	// their turn rather than fail with SQLITE_BUSY.
	db, err := sqlite.OpenDB(ctx, QueueFile(dsn), 1)
	if err != nil {
		return fmt.Errorf("jobs: %w", err)
	}
	driver := riversqlite.New(db)
	if err := migrate(ctx, driver); err != nil {
		_ = db.Close()
		return err
	}
	client, err := river.NewClient(driver, rc)
	if err != nil {
		_ = db.Close()
		return fmt.Errorf("jobs: %w", err)
	}
	r.client, r.close = client, func() { _ = db.Close() }
	return nil
}

func migrate[TTx any](ctx context.Context, driver riverdriver.Driver[TTx]) error {
	m, err := rivermigrate.New(driver, nil)
	if err != nil {
		return fmt.Errorf("jobs: migrate: %w", err)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("jobs: migrate: %w", err)
	}
	return nil
}

// Stop lets running scans finish (until ctx ends) and closes the connection.
func (r *Runner) Stop(ctx context.Context) error {
	err := r.client.Stop(ctx)
	r.close()
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("jobs: stopped before running scans finished: %w", err)
	}
	return err
}

// QueueFile is where River keeps its queue for the SQLite store at dsn:
// "rapport.db" → "rapport-jobs.db" in the same folder, URI parameters kept.
func QueueFile(dsn string) string {
	path, query, _ := strings.Cut(dsn, "?")
	dir, file := filepath.Split(path)
	ext := filepath.Ext(file)
	if ext == "" || ext == file {
		ext = ""
	}
	out := dir + strings.TrimSuffix(file, ext) + "-jobs" + ext
	if query != "" {
		out += "?" + query
	}
	return out
}
