"""Optimisation lab (Lecture 7): SGD's problems, the update rules racing, momentum, adaptive rates, the real net,
learning-rate schedules, second-order methods."""
import streamlit as st

from ui.controls import control, fmt_num, seed
from ui.i18n import current_lang, t
from ui.lessons import optimisation as lab
from ui.page import chart, controls, explain, header, lead, lesson_tabs


def problems():
    lead("optimisation.t1.text")
    with controls():
        c = lab.problem_controls()
    (paths, loss) = lab.race_figures(c, seed(), current_lang())
    r = lab.race(c, seed())
    if r.diverged_at[0] is not None:
        st.warning(t("optimisation.t1.diverged", k=r.diverged_at[0]), icon=":material/warning:")
    chart(*paths, key="op_problem_paths")
    chart(*loss, key="op_problem_loss")
    explain(f"optimisation.t1.explain_{c.surface}")


def the_race():
    lead("optimisation.t2.text")
    with controls():
        c = lab.race_controls()
    paths, loss = lab.race_figures(c, seed(), current_lang(), animate=True)
    chart(*paths, key="op_race_paths")
    chart(*loss, key="op_race_loss")
    explain("optimisation.t2.explain")


def momentum():
    lead("optimisation.t3.text")
    with controls():
        kappa = control(st).select_slider(t("optimisation.c.kappa"), lab.KAPPAS, value=100, key="op_m_kappa",
                                          bind="query-params", format_func=fmt_num)
    s = lab.convergence_steps(float(kappa))
    chart(*lab.map_figure(float(kappa), current_lang()), key="op_momentum_map")
    st.markdown(t("optimisation.t3.numbers", kappa=fmt_num(kappa), a=fmt_num(s["alpha"]), b=fmt_num(s["beta"]),
                  rate=fmt_num(s["rate"]), gd_rate=fmt_num(s["gd_rate"]), gd=s["gd"], mom=s["momentum"]))
    explain("optimisation.t3.explain")
    chart(*lab.look_ahead_figure(float(kappa), current_lang()), key="op_look_ahead")
    explain("optimisation.t3.look_ahead_explain")


def adaptive():
    lead("optimisation.t4.text")
    with controls():
        g = control(st).select_slider(t("optimisation.c.gradient"), lab.GRADIENTS, value=1.0, key="op_a_grad",
                                      bind="query-params", format_func=fmt_num, help=t("optimisation.c.gradient_help"))
    chart(*lab.steps_figure(float(g), current_lang()), key="op_adaptive_steps")
    s = lab.adaptive(float(g))
    step = dict(zip(s.rules, s.step[:, 0], strict=True))
    st.markdown(t("optimisation.t4.first", bc=fmt_num(step["adam"]), nobc=fmt_num(step["adam_nobc"])))
    explain("optimisation.t4.explain")


def real_net():
    lead("optimisation.t5.text")
    with controls():
        c1, c2, c3 = st.columns(3)
        epochs = control(c1).slider(t("optimisation.c.epochs"), 1, 30, 10, key="op_n_epochs", bind="query-params")
        batch = control(c2).select_slider(t("optimisation.c.batch"), lab.BATCHES, value=64, key="op_n_batch",
                                          bind="query-params")
        adam_lr = control(c3).select_slider(t("optimisation.c.adam_lr"), lab.ADAM_LRS, value=1e-3, key="op_n_adam_lr",
                                            bind="query-params", format_func=fmt_num, help=t("optimisation.c.adam_lr_help"))
        c1, c2 = st.columns([1, 2], vertical_alignment="bottom")
        with c1:
            ds = lab.data_source()
        kb = control(c2).toggle(t("optimisation.c.kingma_ba"), value=False, key="op_kb", bind="query-params")
    with st.spinner(t("optimisation.t5.spinner")):
        fig = lab.net_figure(int(epochs), int(batch), float(adam_lr), seed(), current_lang(), ds)
    chart(*fig, key="op_net")
    explain("optimisation.t5.explain")
    if kb:
        with st.spinner(t("optimisation.t5.spinner")):
            fig = lab.kb_figure(seed(), current_lang())
        chart(*fig, key="op_kingma_ba")
        explain("optimisation.t5.kb_explain")


def schedules():
    lead("optimisation.t6.text")
    with controls():
        names = lab.rule_boxes(lab.SCHEDULES, lab.SCHED_DEFAULT, "op_s_", "optimisation.sched")
        c1, c2, c3 = st.columns(3)
        lr0 = control(c1).select_slider(t("optimisation.c.lr0"), lab.LR0S, value=0.1, key="op_s_lr0", bind="query-params",
                                        format_func=fmt_num)
        epochs = control(c2).slider(t("optimisation.c.epochs"), 5, 40, 30, 5, key="op_s_epochs", bind="query-params")
        k = control(c3).select_slider(t("optimisation.c.decay_k"), lab.DECAYS, value=0.1, key="op_s_k", bind="query-params",
                                      format_func=fmt_num)
    with st.spinner(t("optimisation.t5.spinner")):
        bowl, on_net = lab.schedules_figure(names, float(lr0), int(epochs), float(k), seed(), current_lang())
    chart(*bowl, key="op_schedules_bowl")
    explain("optimisation.t6.explain_bowl")
    chart(*on_net, key="op_schedules_net")
    explain("optimisation.t6.explain_net")


def second_order():
    lead("optimisation.t7.text")
    with controls():
        c1, c2, c3 = st.columns(3)
        kappa = control(c1).select_slider(t("optimisation.c.kappa"), lab.KAPPAS, value=100, key="op_2_kappa",
                                          bind="query-params", format_func=fmt_num)
        passes = control(c2).slider(t("optimisation.c.passes"), 5, 40, 30, 5, key="op_2_passes", bind="query-params")
        mb = control(c3).toggle(t("optimisation.c.minibatch_lbfgs"), value=False, key="op_2_minibatch", bind="query-params")
    chart(*lab.newton_figure(float(kappa), current_lang()), key="op_newton")
    explain("optimisation.t7.newton_explain")
    st.table(lab.hessian_rows())
    explain("optimisation.t7.hessian_explain")
    with st.spinner(t("optimisation.t5.spinner")):
        fig = lab.lbfgs_figure(int(passes), bool(mb), seed(), current_lang())
    chart(*fig, key="op_lbfgs")
    explain("optimisation.t7.lbfgs_explain")


header("optimisation")
lesson_tabs("op_tab", {"optimisation.t1.title": problems, "optimisation.t2.title": the_race,
                       "optimisation.t3.title": momentum, "optimisation.t4.title": adaptive,
                       "optimisation.t5.title": real_net, "optimisation.t6.title": schedules,
                       "optimisation.t7.title": second_order})
