"""Activation functions lab: curves and gradients, chain rule, zig-zag, dead ReLU, PReLU, cost."""
import streamlit as st

from ui import activations as lab
from ui.controls import fmt_num, log_slider, seed
from ui.i18n import current_lang, t
from ui.page import chart, header

NAMES = ("sigmoid", "tanh", "relu", "leaky_relu", "prelu", "elu", "maxout")
LABELS = {"sigmoid": "Sigmoid", "tanh": "tanh", "relu": "ReLU", "leaky_relu": "Leaky ReLU", "prelu": "PReLU",
          "elu": "ELU", "maxout": "Maxout"}

header("activations")
lang = current_lang()
st.markdown(t("activations.advice"))
tab_curves, tab_zigzag, tab_dead, tab_prelu, tab_cost = st.tabs(
    [t("activations.tab_curves"), t("activations.tab_zigzag"), t("activations.tab_dead"),
     t("activations.tab_prelu"), t("activations.tab_cost")])

with tab_curves:
    c1, c2, c3 = st.columns([3, 2, 1.4])
    names = c1.multiselect(t("activations.functions"), NAMES, default=("sigmoid", "tanh", "relu", "leaky_relu"),
                           format_func=LABELS.get, key="fns", bind="query-params", help=t("activations.functions_help"))
    x_min, x_max = c2.slider(t("activations.x_range"), -20.0, 20.0, (-10.0, 10.0), step=0.5, key="xr",
                             bind="query-params")
    with c3:
        thr = log_slider(t("activations.threshold"), "thr", -4, -1, 0.01, help=t("activations.threshold_help"))
    c1, c2 = st.columns(2)
    x0 = c1.slider(t("activations.x0"), -10.0, 10.0, 0.0, step=0.1, key="x", bind="query-params",
                   help=t("activations.x0_help"))
    upstream = c2.slider(t("activations.upstream"), -5.0, 5.0, 1.0, step=0.1, key="up", bind="query-params",
                         help=t("activations.upstream_help"))
    with st.expander(t("activations.params")):
        p = st.columns(7)
        params = {
            "leaky_relu": {"alpha": p[0].slider(t("activations.alpha"), 0.0, 0.5, 0.01, 0.01, key="alpha",
                                                bind="query-params")},
            "prelu": {"alpha": p[1].slider(t("activations.prelu_alpha"), 0.0, 1.0, 0.25, 0.01, key="prelu_alpha",
                                           bind="query-params")},
            "elu": {"alpha": p[2].slider(t("activations.elu_alpha"), 0.1, 3.0, 1.0, 0.1, key="elu_alpha",
                                         bind="query-params")},
            "maxout": {k: p[3 + i].slider(t(f"activations.maxout_{k}"), -2.0, 2.0, d, 0.1, key=f"m{k}",
                                          bind="query-params")
                       for i, (k, d) in enumerate((("w1", 1.0), ("b1", 0.0), ("w2", 0.2), ("b2", -0.5)))},
        }
    if not names:
        st.info(t("activations.pick_one"))
    else:
        frozen = lab.freeze({k: v for k, v in params.items() if k in names})
        try:
            curves_fig = lab.curves_figure(tuple(names), x_min, x_max, frozen, thr, x0, upstream, lang)
        except ValueError as e:
            st.warning(t("activations.invalid", msg=e))
        else:
            steps = lab.chain_rule(tuple(names), x0, upstream, frozen)
            chart(curves_fig, key="curves")
            st.subheader(t("activations.chain_title", x=fmt_num(x0)))
            st.dataframe(lab.chain_rows(steps, thr), hide_index=True, width="stretch")
            st.caption(t("activations.chain_caption"))

with tab_zigzag:
    st.markdown(t("activations.zigzag_explain"))
    lr = st.slider(t("activations.zigzag_lr"), 0.05, 2.0, 0.5, 0.05, key="zz_lr", bind="query-params")
    z = lab.zigzag(lr, seed())
    st.markdown(t("activations.zigzag_stats", pos=f"{100 * z.positive.same_sign_frac:.0f}",
                  cen=f"{100 * z.centered.same_sign_frac:.0f}", n_pos=z.positive.steps, n_cen=z.centered.steps))
    chart(lab.zigzag_figure(lr, seed(), lang), key="zigzag")

with tab_dead:
    st.markdown(t("activations.dead_explain"))
    c = st.columns(5)
    units = c[0].slider(t("activations.dead_units"), 1, 50, 30, key="units", bind="query-params")
    with c[1]:
        scale = log_slider(t("activations.dead_scale"), "w_scale", -3, 1, 1.0)
    bias = c[2].radio(t("activations.dead_bias"), (0.0, 0.01), key="bias", bind="query-params", format_func=fmt_num,
                      horizontal=True)
    with c[3]:
        step_lr = log_slider(t("activations.dead_lr"), "dr_lr", -3, 2, 0.1)
    offset = c[4].slider(t("activations.dead_offset"), 0.0, 3.0, 2.5, 0.25, key="offset", bind="query-params",
                         help=t("activations.dead_offset_help"))
    d = lab.dead_relu(units, scale, bias, step_lr, offset, seed())
    m = st.columns(3)
    m[0].metric(t("activations.dead_metric"), f"{100 * d.dead_before.mean():.0f}%")
    m[1].metric(t("activations.dead_metric_after"), f"{100 * d.dead_after.mean():.0f}%",
                delta=f"{100 * (d.dead_after.mean() - d.dead_before.mean()):+.0f}%", delta_color="inverse")
    m[2].metric(t("activations.loss_metric"), f"{d.loss_after:.3g}", delta=f"{d.loss_after - d.loss_before:+.3g}",
                delta_color="inverse")
    before_fig, after_fig = lab.dead_relu_figures(units, scale, bias, step_lr, offset, seed(), lang)
    left, right = st.columns(2)
    with left:
        chart(before_fig, key="dead_before")
    with right:
        chart(after_fig, key="dead_after")

with tab_prelu:
    st.markdown(t("activations.prelu_explain"))
    c = st.columns(4)
    a0 = c[0].slider(t("activations.prelu_alpha0"), 0.0, 1.0, 0.0, 0.01, key="pa0", bind="query-params")
    a_true = c[1].slider(t("activations.prelu_true"), 0.0, 1.0, 0.25, 0.01, key="pat", bind="query-params")
    with c[2]:
        p_lr = log_slider(t("activations.prelu_lr"), "plr", -3, 0, 0.05)
    n_steps = c[3].slider(t("activations.prelu_steps"), 10, 500, 100, 10, key="psteps", bind="query-params")
    pf = lab.prelu_fit(a0, a_true, p_lr, n_steps, seed())
    st.markdown(t("activations.prelu_result", n=n_steps, a=f"{pf.alpha[-1]:.4f}", true=fmt_num(a_true)))
    chart(lab.prelu_figure(a0, a_true, p_lr, n_steps, seed(), lang), key="prelu")

with tab_cost:
    st.markdown(t("activations.cost_explain"))
    with st.spinner(t("activations.cost_spinner")):
        chart(lab.cost_figure(lang), key="cost")
