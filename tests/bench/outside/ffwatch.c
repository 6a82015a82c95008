/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ffwatch: launch a command and time, from the outside, when its first
 * top-level X11 window is mapped, first painted, and visually complete.
 *
 * Usage: ffwatch [options] -- CMD [ARG...]
 *   -q MS    quiet period: after the first paint, stop once no paint has come
 *            for MS ms (default 3000)
 *   -t MS    hard limit from launch (default 30000)
 *   -n       no frame captures: report map and first paint only (lightest)
 *   -o FILE  write the last captured frame of the window as a PPM (P6)
 *   -f DIR   write every captured frame as DIR/frame-NNN-<ms>.ppm (diagnostics)
 *   -l FILE  write a per-event log (one line per paint event)
 *   -g MS    grace between SIGTERM and SIGKILL when stopping the command (default 3000)
 *   -b       start a private D-Bus session bus for the command before the clock
 *            starts (dbus-daemon --session --nofork, as dbus-run-session does)
 *
 * ffwatch makes itself a child subreaper (PR_SET_CHILD_SUBREAPER): all that
 * the command and the bus start (D-Bus activated services such as
 * at-spi-bus-launcher included) stays below it and is stopped and reaped
 * before ffwatch exits: no leftovers, no zombies.
 *
 * Method. The X server is asked (SubstructureNotify on the root window) for
 * every window created as a direct child of the root (no window manager runs
 * under Xvfb, so application top-levels are children of the root). For each
 * InputOutput, non-override-redirect one, a DAMAGE object (ReportNonEmpty) is
 * created at CreateNotify, before the window can be mapped or drawn. Every
 * DamageNotify on the mapped window is one "paint": the damage is subtracted and,
 * unless -n, the window is read back (XShmGetImage, else XGetImage) and reduced
 * to 8x8-pixel blocks of mean luminance. The watch ends when the command exits, when no
 * paint has come for the quiet period, or at the hard limit; the command's
 * process group is then sent SIGTERM (the window owner, from _NET_WM_PID,
 * first, so that a wrapper such as /usr/bin/time can report), then SIGKILL.
 *
 * Output: one line of key=value on stdout (times in ms after launch; -1 = none):
 *   status     ok | exited-before-paint | no-window | timeout-before-paint
 *   map_ms     first MapNotify of a top-level window created after launch
 *   paint_ms   first DamageNotify on that window whose read-back is not one
 *              single colour (the X server's own background fill on map is
 *              one colour and is skipped): the app's first frame on screen.
 *              With -n only this and map_ms are measured (1-2 read-backs).
 *   content_ms first frame that differs from the first frame in at least half
 *              as many 8x8 blocks as the most different frame seen does; if
 *              no frame differs from the first in >= 2% of the blocks, the
 *              first frame. (An app that paints an empty view and then the
 *              loaded document gets the time of the document frame; later
 *              decorations on the same text, e.g. spell-check underlines,
 *              do not move it.)
 *   ready_ms   first frame that differs from the last frame seen in at most 5%
 *              of the blocks that differ between the first and the last frame
 *              (or in <= 0.2% of all blocks): "visually complete"
 *   settled_ms last frame that differs (in any 8x8 block) from the frame before it:
 *              the last visible change seen (a run that ends by the quiet
 *              period cannot see a change that comes after it)
 *   last_ms    last paint seen, changed or not; frames = paints counted
 *              (read-backs kept); damages = all DamageNotify events
 *   end        exit | quiet | limit | signal ; end_ms ; exit = wait status of the command
 *   rss_kb     VmHWM of the window's owner (_NET_WM_PID) just before it was
 *              stopped (-1 when it had already exited); win = WxH; owner = pid
 * A paint's time is the X server's timestamp on the DamageNotify (the server
 * stamps events with CLOCK_MONOTONIC ms), i.e. when the pixels reached the
 * framebuffer. A read-back that is answered after a newer DamageNotify for the
 * same window is dropped (it already holds the later drawing).
 * Launch time is CLOCK_MONOTONIC taken right before fork(); the child gets it
 * as FIRSTFRAME_T0_NS in its environment.
 */
#define _GNU_SOURCE
#include <X11/Xlib.h>
#include <X11/Xatom.h>
#include <X11/Xutil.h>
#include <X11/extensions/Xdamage.h>
#include <X11/extensions/XShm.h>
#include <dirent.h>
#include <sys/prctl.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAXWIN 64
#define BLK 8

typedef struct { Window w; Damage d; int mapped; } Tracked;
typedef struct { double t; int bw, bh; unsigned char *lum; } Frame;

static Tracked tw[MAXWIN];
static int ntw;
static volatile pid_t child_pid = -1, bus_pid = -1;
static double t0;
static int damage_ev, damage_err;

static double now_ms (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* The first INT/TERM/HUP asks for the normal, orderly stop (the command, then
   the bus, then every orphan, all reaped); a second one kills at once. */
static volatile sig_atomic_t stop_req;
static void die_kill (int sig);
static void on_signal (int sig)
{
  if (stop_req)
    die_kill (sig);
  stop_req = 1;
}

static void die_kill (int sig)
{
  (void) sig;
  if (child_pid > 0)
    kill (-child_pid, SIGKILL);
  if (bus_pid > 0)
    kill (bus_pid, SIGKILL);
  _exit (130);
}

/* Start a private session bus (as dbus-run-session does) before the clock
   starts; its address goes into the command's environment. */
static int start_bus (void)
{
  int fd[2];
  if (pipe (fd) < 0) return -1;
  pid_t p = fork ();
  if (p < 0) return -1;
  if (p == 0)
    {
      char arg[32];
      close (fd[0]);
      dup2 (2, 1); /* activated services inherit this: keep our stdout for the result */
      snprintf (arg, sizeof arg, "--print-address=%d", fd[1]);
      execlp ("dbus-daemon", "dbus-daemon", "--session", "--nofork", "--nopidfile", arg, (char *) NULL);
      _exit (127);
    }
  bus_pid = p;
  close (fd[1]);
  char buf[1024]; size_t n = 0; ssize_t r;
  while (n < sizeof buf - 1 && (r = read (fd[0], buf + n, sizeof buf - 1 - n)) > 0)
    {
      n += r;
      if (memchr (buf, '\n', n)) break;
    }
  close (fd[0]);
  buf[n] = 0;
  char *nl = strchr (buf, '\n');
  if (!nl) return -1;
  *nl = 0;
  setenv ("DBUS_SESSION_BUS_ADDRESS", buf, 1);
  return 0;
}

/* ffwatch is a child subreaper: whatever the command (or the bus) started and
   orphaned becomes ffwatch's child. Stop and reap all of them. */
static void reap_all (double grace_ms)
{
  double t = now_ms ();
  int sig = SIGTERM;
  for (;;)
    {
      int st;
      while (waitpid (-1, &st, WNOHANG) > 0)
        ;
      /* signal every live child of ours */
      int left = 0;
      DIR *d = opendir ("/proc");
      struct dirent *e;
      while (d && (e = readdir (d)))
        {
          char path[300], buf[512];
          if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
          snprintf (path, sizeof path, "/proc/%s/stat", e->d_name);
          FILE *f = fopen (path, "r");
          if (!f) continue;
          size_t n = fread (buf, 1, sizeof buf - 1, f);
          fclose (f);
          buf[n] = 0;
          char *rp = strrchr (buf, ')');
          char state; int ppid;
          if (!rp || sscanf (rp + 2, "%c %d", &state, &ppid) != 2) continue;
          if (ppid != getpid () || state == 'Z') continue;
          left++;
          kill ((pid_t) atoi (e->d_name), sig);
        }
      if (d) closedir (d);
      if (!left)
        {
          while (waitpid (-1, &st, WNOHANG) > 0)
            ;
          return;
        }
      if (now_ms () - t > grace_ms) sig = SIGKILL;
      usleep (20000);
    }
}

static int x_ioerror (Display *d)
{
  (void) d;
  if (child_pid > 0)
    kill (-child_pid, SIGKILL);
  fprintf (stderr, "ffwatch: lost the X connection\n");
  _exit (3);
}

static int x_error (Display *d, XErrorEvent *e)
{
  (void) d; (void) e; /* windows may vanish under us: BadWindow/BadDamage are expected */
  return 0;
}

static Tracked *find (Window w)
{
  for (int i = 0; i < ntw; i++)
    if (tw[i].w == w)
      return &tw[i];
  return NULL;
}

static long wm_pid (Display *dpy, Window w)
{
  Atom a = XInternAtom (dpy, "_NET_WM_PID", False), type;
  int fmt; unsigned long n, after; unsigned char *p = NULL; long pid = -1;
  if (XGetWindowProperty (dpy, w, a, 0, 1, False, XA_CARDINAL, &type, &fmt, &n, &after, &p) == Success
      && p && n == 1 && fmt == 32)
    pid = (long) *(unsigned long *) p;
  if (p) XFree (p);
  return pid;
}

static long vm_hwm_kb (long pid)
{
  char path[64], line[256]; long kb = -1;
  snprintf (path, sizeof path, "/proc/%ld/status", pid);
  FILE *f = fopen (path, "r");
  if (!f) return -1;
  while (fgets (line, sizeof line, f))
    if (!strncmp (line, "VmHWM:", 6)) { kb = strtol (line + 6, NULL, 10); break; }
  fclose (f);
  return kb;
}

static void write_ppm (const char *path, XImage *im)
{
  FILE *f = fopen (path, "wb");
  if (!f) { perror (path); return; }
  fprintf (f, "P6\n%d %d\n255\n", im->width, im->height);
  for (int y = 0; y < im->height; y++)
    for (int x = 0; x < im->width; x++)
      {
        unsigned long px = XGetPixel (im, x, y);
        unsigned char rgb[3] = { (px >> 16) & 255, (px >> 8) & 255, px & 255 };
        fwrite (rgb, 1, 3, f);
      }
  fclose (f);
}

/* Read the window back. MIT-SHM (XShmGetImage) costs ~0.2 ms for 800x600 on
   Xvfb where a plain XGetImage costs ~12 ms, so it is used when the server has
   it. The returned image belongs to grab(): copy it to keep it. */
static int use_shm = -1;
static XShmSegmentInfo shm_info;
static XImage *shm_im;

static XImage *grab (Display *dpy, Window w, int *ww, int *wh, int *own)
{
  XWindowAttributes wa;
  *own = 0;
  if (!XGetWindowAttributes (dpy, w, &wa) || wa.map_state != IsViewable)
    return NULL;
  *ww = wa.width; *wh = wa.height;
  if (use_shm < 0)
    use_shm = XShmQueryExtension (dpy) ? 1 : 0;
  if (use_shm)
    {
      if (!shm_im || shm_im->width != wa.width || shm_im->height != wa.height)
        {
          if (shm_im)
            {
              XShmDetach (dpy, &shm_info);
              XDestroyImage (shm_im);
              shmdt (shm_info.shmaddr);
              shm_im = NULL;
            }
          shm_im = XShmCreateImage (dpy, wa.visual, wa.depth, ZPixmap, NULL, &shm_info, wa.width, wa.height);
          if (!shm_im) { use_shm = 0; goto plain; }
          shm_info.shmid = shmget (IPC_PRIVATE, (size_t) shm_im->bytes_per_line * shm_im->height, IPC_CREAT | 0600);
          if (shm_info.shmid < 0) { XDestroyImage (shm_im); shm_im = NULL; use_shm = 0; goto plain; }
          shm_info.shmaddr = shm_im->data = shmat (shm_info.shmid, NULL, 0);
          shm_info.readOnly = False;
          XShmAttach (dpy, &shm_info);
          XSync (dpy, False);
          shmctl (shm_info.shmid, IPC_RMID, NULL); /* freed when both sides detach */
        }
      if (XShmGetImage (dpy, w, shm_im, 0, 0, AllPlanes))
        return shm_im;
      return NULL;
    }
plain:
  *own = 1;
  return XGetImage (dpy, w, 0, 0, wa.width, wa.height, AllPlanes, ZPixmap);
}

static XImage *copy_image (Display *dpy, XImage *im)
{
  size_t n = (size_t) im->bytes_per_line * im->height;
  char *data = malloc (n);
  memcpy (data, im->data, n);
  XImage *c = XCreateImage (dpy, DefaultVisual (dpy, DefaultScreen (dpy)), im->depth, ZPixmap, 0, data,
                            im->width, im->height, im->bitmap_pad, im->bytes_per_line);
  return c;
}

static unsigned char *reduce (XImage *im, int *bw, int *bh)
{
  *bw = (im->width + BLK - 1) / BLK; *bh = (im->height + BLK - 1) / BLK;
  unsigned char *lum = calloc ((size_t) *bw * *bh, 1);
  unsigned *acc = calloc ((size_t) *bw * *bh, sizeof *acc), *cnt = calloc ((size_t) *bw * *bh, sizeof *cnt);
  int fast = im->bits_per_pixel == 32 && im->byte_order == LSBFirst;
  for (int y = 0; y < im->height; y++)
    {
      const uint32_t *row = (const uint32_t *) (im->data + (size_t) y * im->bytes_per_line);
      for (int x = 0; x < im->width; x++)
        {
          unsigned long px = fast ? row[x] : XGetPixel (im, x, y);
          unsigned l = (((px >> 16) & 255) * 77 + ((px >> 8) & 255) * 150 + (px & 255) * 29) >> 8;
          size_t i = (size_t) (y / BLK) * *bw + x / BLK;
          acc[i] += l; cnt[i]++;
        }
    }
  for (size_t i = 0; i < (size_t) *bw * *bh; i++)
    lum[i] = cnt[i] ? acc[i] / cnt[i] : 0;
  free (acc); free (cnt);
  return lum;
}

static int blocks_differ (const Frame *a, const Frame *b)
{
  if (a->bw != b->bw || a->bh != b->bh)
    return a->bw * a->bh > b->bw * b->bh ? a->bw * a->bh : b->bw * b->bh;
  int n = 0;
  for (int i = 0; i < a->bw * a->bh; i++)
    if (abs ((int) a->lum[i] - (int) b->lum[i]) > 3)
      n++;
  return n;
}

static int stale_seen;
static Bool newer_damage (Display *d, XEvent *e, XPointer arg)
{
  (void) d;
  if (e->type == damage_ev + XDamageNotify
      && ((XDamageNotifyEvent *) e)->drawable == *(Window *) arg)
    stale_seen = 1;
  return False; /* never remove anything: this only looks */
}

/* the X server's own background fill on map is one colour; an application's
   first frame is not */
static int is_uniform (XImage *im)
{
  unsigned long first = XGetPixel (im, 0, 0);
  for (int y = 0; y < im->height; y += 3)
    for (int x = 0; x < im->width; x += 3)
      if (XGetPixel (im, x, y) != first)
        return 0;
  return 1;
}

static const char *status_text (int st, char *buf, size_t n)
{
  if (WIFEXITED (st)) snprintf (buf, n, "exit:%d", WEXITSTATUS (st));
  else if (WIFSIGNALED (st)) snprintf (buf, n, "signal:%d", WTERMSIG (st));
  else snprintf (buf, n, "?");
  return buf;
}

int main (int argc, char **argv)
{
  double quiet = 3000, limit = 30000, grace = 3000;
  int capture = 1, opt, want_bus = 0;
  const char *out_ppm = NULL, *frames_dir = NULL, *log_path = NULL;

  while ((opt = getopt (argc, argv, "+q:t:no:f:l:g:b")) != -1)
    switch (opt)
      {
      case 'q': quiet = atof (optarg); break;
      case 't': limit = atof (optarg); break;
      case 'n': capture = 0; break;
      case 'o': out_ppm = optarg; break;
      case 'f': frames_dir = optarg; break;
      case 'l': log_path = optarg; break;
      case 'g': grace = atof (optarg); break;
      case 'b': want_bus = 1; break;
      default:
        fprintf (stderr, "usage: ffwatch [-q ms] [-t ms] [-n] [-o last.ppm] [-f dir] [-l log] [-g ms] -- cmd...\n");
        return 2;
      }
  if (optind >= argc) { fprintf (stderr, "ffwatch: no command\n"); return 2; }

  Display *dpy = XOpenDisplay (NULL);
  if (!dpy) { fprintf (stderr, "ffwatch: cannot open display\n"); return 3; }
  if (!XDamageQueryExtension (dpy, &damage_ev, &damage_err))
    { fprintf (stderr, "ffwatch: no DAMAGE extension\n"); return 3; }
  XSetErrorHandler (x_error);
  XSetIOErrorHandler (x_ioerror);
  Window root = DefaultRootWindow (dpy);
  XSelectInput (dpy, root, SubstructureNotifyMask);
  XSync (dpy, False);

  FILE *logf = log_path ? fopen (log_path, "w") : NULL;
  {
    struct sigaction sa;
    memset (&sa, 0, sizeof sa);
    sa.sa_handler = on_signal; /* no SA_RESTART: poll() returns EINTR */
    sigaction (SIGINT, &sa, NULL);
    sigaction (SIGTERM, &sa, NULL);
    sigaction (SIGHUP, &sa, NULL);
  }
  prctl (PR_SET_CHILD_SUBREAPER, 1);
  if (want_bus && start_bus () < 0)
    { fprintf (stderr, "ffwatch: cannot start dbus-daemon\n"); die_kill (0); }

  t0 = now_ms ();
  char t0s[64];
  {
    struct timespec ts; clock_gettime (CLOCK_MONOTONIC, &ts);
    snprintf (t0s, sizeof t0s, "%lld", (long long) ts.tv_sec * 1000000000LL + ts.tv_nsec);
  }
  pid_t pid = fork ();
  if (pid < 0) { perror ("fork"); return 3; }
  if (pid == 0)
    {
      setpgid (0, 0);
      dup2 (2, 1); /* the command's stdout goes to our stderr: stdout is the result */
      signal (SIGINT, SIG_DFL); signal (SIGTERM, SIG_DFL); signal (SIGHUP, SIG_DFL);
      close (ConnectionNumber (dpy));
      setenv ("FIRSTFRAME_T0_NS", t0s, 1);
      execvp (argv[optind], argv + optind);
      fprintf (stderr, "ffwatch: exec %s: %s\n", argv[optind], strerror (errno));
      _exit (127);
    }
  child_pid = pid;
  setpgid (pid, pid);

  double t_map = -1, t_paint = -1, t_last = -1;
  int frames = 0, damages = 0, child_done = 0, child_status = 0, ww = 0, wh = 0;
  long owner = -1;
  Window main_w = None;
  Frame *fr = NULL; int nfr = 0, cap = 0;
  XImage *last_im = NULL;
  const char *end = "limit";

  for (;;)
    {
      double t = now_ms () - t0;
      if (stop_req) { end = "signal"; break; }
      if (t >= limit) { end = "limit"; break; }
      if (t_paint >= 0 && t - t_last >= quiet) { end = "quiet"; break; }
      if (!child_done)
        {
          int st; pid_t r = waitpid (pid, &st, WNOHANG);
          if (r == pid) { child_done = 1; child_status = st; }
        }
      if (child_done)
        {
          /* drain what is queued, then stop */
          XSync (dpy, False);
          if (!XPending (dpy)) { end = "exit"; break; }
        }
      if (!XPending (dpy))
        {
          struct pollfd p = { ConnectionNumber (dpy), POLLIN, 0 };
          double wait = limit - t;
          if (t_paint >= 0 && quiet - (t - t_last) < wait) wait = quiet - (t - t_last);
          if (wait > 20) wait = 20; /* also poll the child */
          if (wait < 0) wait = 0;
          poll (&p, 1, (int) wait + 1);
          if (!XPending (dpy)) continue;
        }
      XEvent ev;
      XNextEvent (dpy, &ev);
      double te = now_ms () - t0;
      if (ev.type == CreateNotify && ev.xcreatewindow.parent == root && !ev.xcreatewindow.override_redirect)
        {
          XWindowAttributes wa;
          Window w = ev.xcreatewindow.window;
          if (ntw < MAXWIN && XGetWindowAttributes (dpy, w, &wa) && wa.class == InputOutput && !find (w))
            {
              tw[ntw].w = w;
              tw[ntw].d = XDamageCreate (dpy, w, XDamageReportNonEmpty);
              tw[ntw].mapped = 0;
              ntw++;
              if (logf) fprintf (logf, "%9.2f create 0x%lx %dx%d\n", te, w, ev.xcreatewindow.width, ev.xcreatewindow.height);
            }
        }
      else if (ev.type == MapNotify && ev.xmap.event == root)
        {
          Tracked *k = find (ev.xmap.window);
          if (k && !k->mapped)
            {
              k->mapped = 1;
              if (t_map < 0) { t_map = te; main_w = k->w; }
              if (logf) fprintf (logf, "%9.2f map 0x%lx\n", te, k->w);
            }
        }
      else if (ev.type == UnmapNotify && ev.xunmap.event == root)
        {
          Tracked *k = find (ev.xunmap.window);
          if (k) k->mapped = 0;
          if (logf && k) fprintf (logf, "%9.2f unmap 0x%lx\n", te, k->w);
        }
      else if (ev.type == DestroyNotify && ev.xdestroywindow.event == root)
        {
          Tracked *k = find (ev.xdestroywindow.window);
          if (k) { k->mapped = 0; k->d = 0; }
        }
      else if (ev.type == damage_ev + XDamageNotify)
        {
          XDamageNotifyEvent *de = (XDamageNotifyEvent *) &ev;
          Tracked *k = find (de->drawable);
          if (k && k->d)
            XDamageSubtract (dpy, k->d, None, None);
          /* the server stamps the event with its CLOCK_MONOTONIC milliseconds */
          double ts = (double) (uint32_t) (de->timestamp - (uint32_t) (uint64_t) t0);
          if (ts > te + 1 || ts < te - 1000)
            ts = te; /* not the same clock: fall back to the time we read it */
          if (!k || !k->mapped)
            {
              if (logf) fprintf (logf, "%9.2f damage-unmapped 0x%lx\n", te, de->drawable);
              continue;
            }
          if (k->w != main_w)
            {
              if (logf) fprintf (logf, "%9.2f damage-other 0x%lx\n", te, k->w);
              continue;
            }
          damages++;
          int bw = 0, bh = 0, diffprev = -1, uniform = -1, stale = 0;
          double tg = -1;
          if (capture || t_paint < 0)
            {
              int own = 0;
              XImage *im = grab (dpy, k->w, &ww, &wh, &own);
              tg = now_ms () - t0;
              if (im)
                {
                  /* a newer DamageNotify queued ahead of the image reply means the
                     image already holds later drawing: leave it to that event */
                  Window want = k->w;
                  XEvent dummy;
                  stale_seen = 0;
                  XCheckIfEvent (dpy, &dummy, newer_damage, (XPointer) &want);
                  stale = stale_seen;
                  uniform = is_uniform (im);
                  if (!stale && !uniform)
                    {
                      frames++;
                      if (t_paint < 0) { t_paint = ts; owner = wm_pid (dpy, k->w); }
                      t_last = ts;
                      if (nfr == cap) { cap = cap ? cap * 2 : 64; fr = realloc (fr, cap * sizeof *fr); }
                      fr[nfr].t = ts;
                      fr[nfr].lum = reduce (im, &bw, &bh);
                      fr[nfr].bw = bw; fr[nfr].bh = bh;
                      if (nfr > 0) diffprev = blocks_differ (&fr[nfr], &fr[nfr - 1]);
                      nfr++;
                      if (frames_dir)
                        {
                          char path[4096];
                          snprintf (path, sizeof path, "%s/frame-%03d-%06.0f.ppm", frames_dir, nfr, ts);
                          write_ppm (path, im);
                        }
                      if (out_ppm)
                        {
                          if (last_im) XDestroyImage (last_im);
                          last_im = own ? im : copy_image (dpy, im);
                          if (own) im = NULL;
                        }
                    }
                  if (im && own) XDestroyImage (im);
                }
            }
          else
            {
              frames++;
              t_last = ts;
            }
          if (logf) fprintf (logf, "%9.2f paint srv=%.0f n=%d area=%d,%d %dx%d uniform=%d stale=%d diffprev=%d grabbed=%.2f\n",
                             te, ts, damages, de->area.x, de->area.y, de->area.width, de->area.height,
                             uniform, stale, diffprev, tg);
        }
    }

  double t_end = now_ms () - t0;
  long rss = -1;
  if (owner <= 0 && main_w) owner = wm_pid (dpy, main_w);
  if (!child_done)
    {
      if (owner > 0) rss = vm_hwm_kb (owner);
      if (owner > 0) kill ((pid_t) owner, SIGTERM);
      else kill (-pid, SIGTERM);
      double ts = now_ms ();
      int termed_group = owner <= 0;
      while (!child_done)
        {
          int st; pid_t r = waitpid (pid, &st, WNOHANG);
          if (r == pid) { child_done = 1; child_status = st; break; }
          double el = now_ms () - ts;
          if (!termed_group && el > grace / 3) { kill (-pid, SIGTERM); termed_group = 1; }
          if (el > grace) { kill (-pid, SIGKILL); waitpid (pid, &st, 0); child_done = 1; child_status = st; break; }
          usleep (5000);
        }
    }
  /* whatever is left in the command's process group goes too, then the bus,
     then every orphan that was handed to us as subreaper */
  kill (-pid, SIGKILL);
  if (bus_pid > 0)
    kill (bus_pid, SIGTERM);
  reap_all (grace / 3);

  double t_ready = -1, t_content = -1, t_settled = -1;
  if (capture && nfr > 0)
    {
      Frame *fin = &fr[nfr - 1];
      int total = fin->bw * fin->bh;
      /* ready: first frame within 5% of the first->last change of the last frame */
      int span = blocks_differ (&fr[0], fin);
      double tol = span * 0.05;
      if (tol < total * 0.002) tol = total * 0.002;
      /* content: first frame that holds at least half of the largest change seen
         from the first frame; when no frame ever differs from the first in 2% of
         the blocks or more, the first frame already was the content */
      int maxd = 0;
      for (int i = 0; i < nfr; i++)
        {
          int d = blocks_differ (&fr[i], &fr[0]);
          if (d > maxd) maxd = d;
        }
      for (int i = 0; i < nfr; i++)
        {
          int d = blocks_differ (&fr[i], fin), d0 = blocks_differ (&fr[i], &fr[0]);
          if (logf) fprintf (logf, "frame %d t=%.2f diff_to_last=%d diff_to_first=%d span=%d maxd=%d total=%d\n",
                             i + 1, fr[i].t, d, d0, span, maxd, total);
          if (t_ready < 0 && d <= tol) t_ready = fr[i].t;
          if (t_content < 0 && (maxd < total * 0.02 || d0 * 2 >= maxd)) t_content = fr[i].t;
          if (i == 0 || blocks_differ (&fr[i], &fr[i - 1]) > 0) t_settled = fr[i].t;
        }
    }
  if (out_ppm && last_im) write_ppm (out_ppm, last_im);

  const char *status = t_map < 0 ? "no-window" : t_paint < 0 ? (strcmp (end, "limit") ? "exited-before-paint" : "timeout-before-paint") : "ok";
  char sbuf[32];
  printf ("status=%s map_ms=%.1f paint_ms=%.1f content_ms=%.1f ready_ms=%.1f settled_ms=%.1f last_ms=%.1f frames=%d damages=%d end=%s end_ms=%.1f exit=%s rss_kb=%ld win=%dx%d owner=%ld\n",
          status, t_map, t_paint, t_content, t_ready, t_settled, t_last, frames, damages, end, t_end,
          status_text (child_status, sbuf, sizeof sbuf), rss, ww, wh, owner);
  if (logf) fclose (logf);
  XCloseDisplay (dpy);
  if (stop_req) return 130;
  return strcmp (status, "ok") ? 1 : 0;
}
