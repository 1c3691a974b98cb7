//! On a phone-width screen (375 CSS px) the dashboard fits: no horizontal scrolling.

use serde_json::json;

use crate::support::*;

/// CSS pixels a page may exceed the viewport by before it scrolls sideways noticeably.
const TOLERANCE: i64 = 2;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_fits_a_375_px_wide_phone_screen() {
    let e2e = E2e::start("phone").await;
    // A phone's viewport, the way DevTools' device mode makes one (desktop windows have a
    // minimum width; the emulated viewport does not).
    e2e.cdp(
        "Emulation.setDeviceMetricsOverride",
        json!({"width": 375, "height": 812, "deviceScaleFactor": 2, "mobile": true}),
    )
    .await
    .unwrap();
    e2e.sign_in_demo().await;
    let board = e2e.board_id(DEMO_BOARD).await;
    e2e.goto(&format!("/boards/{board}")).await;
    e2e.wait_attr(&testid("kpi-spent"), "data-value").await;
    for part in ["trend-chart", "cost-split", "top-overruns"] {
        e2e.wait_for(part).await;
    }

    let viewport = e2e.js("return window.innerWidth", vec![]).await;
    assert_eq!(
        viewport,
        json!(375),
        "the emulated viewport is not 375 px wide"
    );
    let scroll_width = e2e
        .js("return document.documentElement.scrollWidth", vec![])
        .await
        .as_i64()
        .unwrap();
    if scroll_width > 375 + TOLERANCE {
        // Name the elements that stick out, so the fix is obvious.
        let culprits = e2e
            .js(
                "const out = [];
                 for (const el of document.body.querySelectorAll('*')) {
                   const r = el.getBoundingClientRect();
                   if (r.right > window.innerWidth + 2 && out.length < 10) {
                     out.push(el.tagName.toLowerCase()
                       + (el.dataset.testid ? '[data-testid=' + el.dataset.testid + ']' : '')
                       + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : '')
                       + ' right=' + Math.round(r.right));
                   }
                 }
                 return out.join('\\n');",
                vec![],
            )
            .await;
        e2e.screenshot("dashboard-375px").await;
        panic!(
            "the dashboard scrolls sideways at 375 px: scrollWidth {scroll_width}; widest elements:\n{}",
            raw(&culprits)
        );
    }
    e2e.screenshot("dashboard-375px").await;

    e2e.finish().await;
}
