"""Fully connected BN keeps one statistic per feature; spatial BN one per channel over N, H, W."""
from sim.bn_axes import axes_demo


def test_statistic_shapes_and_counts():
    r = axes_demo(n=5, d=7, c=3, h=4, w=2)
    assert r.fc_shape == (5, 7) and r.fc_stat_shape == (7,) and r.fc_count == 5
    assert r.conv_shape == (5, 3, 4, 2) and r.conv_stat_shape == (3,) and r.conv_count == 5 * 4 * 2
    assert abs(r.conv_mean_after).max() < 1e-10 and abs(r.conv_std_after - 1).max() < 1e-4
    assert abs(r.fc_mean_after).max() < 1e-10
    assert r.conv_mean_before[2] - r.conv_mean_before[0] > 1   # channels were offset before BN
