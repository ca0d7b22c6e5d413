"""Run every benchmark: ``python -m bench`` (or ``make bench``)."""

from bench import (
    asset_sizes,
    designs_edits,
    generate_e2e,
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
    asset_sizes.main([])
    print()
    local_restart.main([])
