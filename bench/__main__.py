"""Run every benchmark: ``python -m bench`` (or ``make bench``)."""

from bench import (
    asset_sizes,
    authorized_soak,
    designs_edits,
    gateway_scaling,
    generate_e2e,
    idle_cpu,
    image_limits,
    image_resize,
    import_times,
    local_restart,
    media_ops,
    render_poster,
    request_counts,
    ws_latency,
)

if __name__ == "__main__":
    import_times.main()
    print()
    request_counts.main()
    print()
    designs_edits.main()
    print()
    image_resize.main([])
    print()
    render_poster.main([])
    print()
    media_ops.main([])
    print()
    image_limits.main([])
    print()
    generate_e2e.main([])
    print()
    ws_latency.main([])
    print()
    gateway_scaling.main([])
    print()
    idle_cpu.main([])
    print()
    asset_sizes.main([])
    print()
    local_restart.main([])
    print()
    authorized_soak.main([])  # 10 minutes
