"""Babysitting the learning process: sanity checks, learning-rate explorer, monitoring, live training."""
import streamlit as st

from ui.controls import coded_select, control, fmt_num, log_options, log_slider, seed
from ui.i18n import current_lang, t
from ui.lecture import presenting
from ui.lessons import babysitting as lab
from ui.lessons import live, owndata
from ui.page import aside, chart, controls, explain, header, lead, lesson_tabs

header("babysitting")
box = controls()
c = box.columns([1.3, 1, 1.2, 1.2, 1, 1, 1])
source = coded_select(c[0], t("babysitting.dataset"), owndata.SOURCES, "ds", "owndata.source",
                      help=t("babysitting.dataset_help"))
hidden = control(c[1]).slider(t("babysitting.hidden"), 5, 200, 50, step=5, key="hidden", bind="query-params")
with c[2]:
    ws = log_slider(t("babysitting.ws"), "ws", -5, 0, 1e-2, per_decade=2, help=t("babysitting.ws_help"))
reg = control(c[3]).select_slider(t("babysitting.reg"), [0.0] + log_options(-5, 3, 1), value=0.0, key="reg",
                                  bind="query-params", format_func=fmt_num, help=t("babysitting.reg_help"))
batch = control(c[4]).select_slider(t("babysitting.batch"), (10, 20, 50, 100, 200, 500), value=100, key="batch",
                                    bind="query-params")
epochs = control(c[5]).slider(t("babysitting.epochs"), 1, 50, 20, key="epochs", bind="query-params")
n_train = control(c[6]).select_slider(t("babysitting.ntrain"), lab.N_TRAIN, value=lab.N_TRAIN[-1], key="ntrain",
                                      bind="query-params", help=t("babysitting.ntrain_help"))
with box:
    name = owndata.choose(source)
    note, values = owndata.data_note(source)
    aside(note, **values)
s = seed()
run = lab.RunConfig(name, hidden, ws, reg, batch, epochs, s, n_train)
# The learning rates feed two tabs (curves and monitoring), so they are picked above the tabs.
b = box.columns([3, 2], vertical_alignment="bottom")
picked = control(b[0]).multiselect(t("babysitting.lrs"), lab.LR_OPTIONS, default=lab.LR_DEFAULT, key="lrs",
                                   bind="query-params", accept_new_options=True, max_selections=lab.MAX_RUNS,
                                   help=t("babysitting.lrs_help"))
with b[1].container(horizontal=True, wrap=True):          # buttons as wide as their labels: never cut short
    for preset in lab.PRESETS:
        st.button(t(f"babysitting.preset_{preset}"), key=f"preset_{preset}", on_click=lab.apply_preset,
                  args=(preset,), help=t(f"babysitting.preset_{preset}_help"), width="content")
lrs, bad, too_big = lab.parse_lrs(picked)
if bad:
    st.warning(t("babysitting.bad_lr", values=", ".join(bad)))
if too_big:
    st.warning(t("babysitting.big_lr", values=", ".join(too_big), max=fmt_num(lab.LR_MAX)))


def sanity_tab() -> None:
    lead("babysitting.sanity_intro")
    with controls().columns(3)[0]:
        tiny_lr = log_slider(t("babysitting.tiny_lr"), "tiny_lr", -3, 2, 1.0, help=t("babysitting.tiny_lr_help"))
    with st.spinner(t("babysitting.computing")):
        sc = lab.checks(run, tiny_lr)
    above = st.container()   # the checks: above the chart, below it in the presenter view (chart on the first screen)
    chart(*lab.overfit_figure(run, tiny_lr, current_lang()), key="overfit")
    with st.container() if presenting() else above:
        sanity_lines(sc, tiny_lr)
    explain("babysitting.overfit_explain")


def sanity_lines(sc, tiny_lr: float) -> None:
    for ok, key, fmt in (
            (sc.initial_ok, "check_initial", dict(loss=f"{sc.loss_no_reg:.4f}", c=sc.n_classes, lnc=f"{sc.ln_c:.4f}")),
            (sc.reg_ok, "check_reg", dict(loss=f"{sc.loss_with_reg:.4f}", diff=f"{sc.loss_with_reg - sc.loss_no_reg:.6g}",
                                           term=f"{sc.reg_term:.6g}")),
            (sc.overfit_ok, "check_overfit", dict(acc=f"{sc.tiny.train_acc[-1]:.2f}", loss=f"{sc.tiny.loss[-1]:.4g}",
                                                  lr=fmt_num(tiny_lr)))):
        st.markdown((":green[:material/check_circle:] " if ok else ":red[:material/cancel:] ")
                    + t(f"babysitting.{key}", **fmt))


def explored(log_y: bool | None = None):
    """The run as trained (fewer epochs past lab.RUN_WORK, said), the batched runs of the chosen learning rates
    and the spot for the loss chart (given log_y, the loss curves grow there while they train; else a spinner
    waits), or None (with a note) when there are no learning rates."""
    if not lrs:
        st.info(t("babysitting.pick_lr"))
        return None
    trained = lab.bounded(run, len(lrs))
    if trained.epochs < run.epochs:
        st.caption(t("serve.runs_capped", n=len(lrs), asked=run.epochs, epochs=trained.epochs))
    if log_y is not None:
        spot = lab.train_runs(trained, lrs, log_y, current_lang())
        return trained, lab.explore(trained, lrs), spot
    with st.spinner(t("babysitting.computing")):
        return trained, lab.explore(trained, lrs), None


def lr_tab() -> None:
    lead("babysitting.lr_intro")
    log_y = control(st).toggle(t("babysitting.log_y"), key="log_y", bind="query-params")
    if (result := explored(log_y)) is None:
        return
    trained, (m, diags), spot = result
    loss_fig, acc_fig = lab.lr_figures(trained, lrs, log_y, current_lang())
    with spot.container():
        chart(*loss_fig, key="lr_loss")
    for lr, d in zip(lrs, diags, strict=True):
        st.markdown(t("babysitting.diagnosis", lr=fmt_num(lr), label=t(f"babysitting.label.{d.label}"),
                      reason=t(f"babysitting.reason.{d.reason}")))
    chart(*acc_fig, key="lr_acc")
    explain("babysitting.acc_explain")
    for c in lab.creeping(m, lrs, run.data.n_classes):
        st.info(t("babysitting.creep", **c), icon=":material/trending_up:")
    st.markdown(t("babysitting.hyperparams"))


def monitor_tab() -> None:
    lead("babysitting.monitor_intro")
    if (result := explored()) is None:
        return
    trained, (m, _), _ = result
    options = [fmt_num(v) for v in lrs]
    pick = control(st).selectbox(t("babysitting.inspect"), options, index=lab.best_run(m), key="inspect",
                                 bind="query-params")
    r = options.index(pick) if pick in options else 0
    gap_fig, ratio_fig = lab.monitor_figures(trained, lrs, r, current_lang())
    left, right = st.columns(2)
    with left:
        chart(*gap_fig, key="gap")
        verdict = lab.gap_verdict(m, r)
        (st.warning if verdict == "overfit" else st.info)(
            t(f"babysitting.gap.{verdict}", train=f"{m.train_acc[r, -1]:.3f}", val=f"{m.val_acc[r, -1]:.3f}"))
    with right:
        chart(*ratio_fig, key="ratio")
        explain("babysitting.ratio_explain")


def live_tab() -> None:
    lead("live.intro", cap=live.CAP, chunk=live.CHUNK, every=live.EVERY)
    if source == owndata.DRAWN:
        with st.expander(t("owndata.draw_title"), icon=":material/draw:", expanded=True):
            owndata.editor(s)
        if not owndata.usable(source):
            return
    if not live.trainable(run):
        st.info(t("owndata.live_needs_2d", d=run.data.X_train.shape[1]), icon=":material/info:")
        return
    c = st.columns([2, 2, 1], vertical_alignment="bottom")
    opt = coded_select(c[0], t("live_opt.label"), live.OPTS, "live_opt", "live_opt.rule", help=t("live_opt.help"))
    with c[1]:
        live_lr = log_slider(t("live.lr"), "live_lr", -3, 2, 1.0, help=t("live.lr_help"))
    c[2].button(t("live.reset"), key="live_reset", icon=":material/restart_alt:", on_click=live.reset,
                help=t("live.reset_help"), width="stretch")
    live.live_panel(run, live_lr, opt)
    explain("live_opt.note")   # below the player, so the chart stays on a projector's first screen
    explain("live.explain")


# Only the open tab runs (live training only animates while its tab is open).
lesson_tabs("bs_tab", {"babysitting.tab_sanity": sanity_tab, "babysitting.tab_lr": lr_tab,
                       "babysitting.tab_monitor": monitor_tab, "babysitting.tab_live": live_tab})
