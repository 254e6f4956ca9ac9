// The site's own start-up code. It runs as a module (deferred), so the page is already
// parsed: enable the NHS.UK frontend components, then draw every chart whose ECharts
// option the page carries as JSON. Nothing here fetches from another host.
import { initAll } from '../vendor/nhsuk-frontend.min.js'

document.body.classList.add('js-enabled', 'nhsuk-frontend-supported')
initAll()

function drawCharts () {
  const echarts = window.echarts
  if (!echarts) return
  for (const holder of document.querySelectorAll('[data-chart]')) {
    const source = document.getElementById(holder.dataset.chart)
    if (!source) continue
    const option = JSON.parse(source.textContent)
    option.aria = Object.assign({ enabled: true }, option.aria)
    const chart = echarts.init(holder, null, { renderer: 'svg' })
    chart.setOption(option)
    holder.dataset.drawn = 'true'
    window.addEventListener('resize', () => chart.resize())
  }
}

drawCharts()
