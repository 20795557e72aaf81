package weather

import "html/template"

// WMO weather interpretation codes (WMO 4677, the subset forecast services
// such as Open-Meteo report), their names, and icons.

// Codes lists every weather code this package knows, in ascending order.
func Codes() []int {
	return []int{0, 1, 2, 3, 45, 48, 51, 53, 55, 56, 57, 61, 63, 65, 66, 67, 71, 73, 75, 77, 80, 81, 82, 85, 86, 95, 96, 99}
}

// Condition names the weather of a WMO code ("Partly cloudy"). It reports
// false for a code that is not a WMO weather code.
func Condition(code int) (string, bool) {
	c, ok := lookup(code)
	return c.name, ok
}

// Icon is the inline SVG for a WMO code, by day or by night; it is empty
// for an unknown code. The SVG is aria-hidden: the page gives the
// [Condition] as its accessible name.
func Icon(code int, isDay bool) template.HTML {
	c, _ := lookup(code)
	if isDay {
		return c.day
	}
	return c.night
}

type condition struct {
	name       string
	day, night template.HTML
}

func lookup(code int) (condition, bool) {
	switch code {
	case 0:
		return condition{"Clear sky", iconClearDay, iconClearNight}, true
	case 1:
		return condition{"Mainly clear", iconMainlyClearDay, iconMainlyClearNight}, true
	case 2:
		return condition{"Partly cloudy", iconPartlyCloudyDay, iconPartlyCloudyNight}, true
	case 3:
		return condition{"Overcast", iconOvercast, iconOvercast}, true
	case 45, 48:
		return condition{"Fog", iconFog, iconFog}, true
	case 51, 53, 55:
		return condition{"Drizzle", iconDrizzle, iconDrizzle}, true
	case 56, 57:
		return condition{"Freezing drizzle", iconFreezingDrizzle, iconFreezingDrizzle}, true
	case 61, 63, 65:
		return condition{"Rain", iconRain, iconRain}, true
	case 66, 67:
		return condition{"Freezing rain", iconFreezingRain, iconFreezingRain}, true
	case 71, 73, 75:
		return condition{"Snow", iconSnow, iconSnow}, true
	case 77:
		return condition{"Snow grains", iconSnowGrains, iconSnowGrains}, true
	case 80, 81, 82:
		return condition{"Rain showers", iconRainShowersDay, iconRainShowersNight}, true
	case 85, 86:
		return condition{"Snow showers", iconSnowShowersDay, iconSnowShowersNight}, true
	case 95:
		return condition{"Thunderstorm", iconThunderstorm, iconThunderstorm}, true
	case 96, 99:
		return condition{"Thunderstorm with hail", iconThunderstormHail, iconThunderstormHail}, true
	}
	return condition{}, false
}

// The icons are drawn on a 24×24 grid from the parts below. Light text
// (currentColor) plus a few fixed colours that read on the dark top bar
// and on white. Parts are painted in order, so a cloud hides what is
// behind it.
const (
	svgOpen  = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">`
	svgClose = `</svg>`

	sunColour   = `#f5b82e`
	cloudColour = `#a9b6c6`
	stormColour = `#7b8898`
	rainColour  = `#5aa9f5`

	sunLarge = `<g fill="` + sunColour + `" stroke="` + sunColour + `" stroke-width="2" stroke-linecap="round"><circle cx="12" cy="12" r="5" stroke="none"/>` +
		`<path fill="none" d="M12 2v2.5M12 19.5V22M2 12h2.5M19.5 12H22M4.93 4.93l1.77 1.77M17.3 17.3l1.77 1.77M4.93 19.07l1.77-1.77M17.3 6.7l1.77-1.77"/></g>`
	sunMedium = `<g fill="` + sunColour + `" stroke="` + sunColour + `" stroke-width="2" stroke-linecap="round"><circle cx="10" cy="10" r="4.5" stroke="none"/>` +
		`<path fill="none" d="M10 1.5v2M10 16.5v2M1.5 10h2M16.5 10h2M3.99 3.99l1.41 1.41M16.01 3.99l-1.41 1.41M3.99 16.01l1.41-1.41"/></g>`
	sunSmall = `<g fill="` + sunColour + `" stroke="` + sunColour + `" stroke-width="2" stroke-linecap="round"><circle cx="8.5" cy="8.5" r="3.5" stroke="none"/>` +
		`<path fill="none" d="M8.5 1v2M1 8.5h2M14 8.5h2M3.2 3.2l1.41 1.41M13.8 3.2l-1.41 1.41M3.2 13.8l1.41-1.41"/></g>`
	sunTiny = `<g fill="` + sunColour + `" stroke="` + sunColour + `" stroke-width="1.5" stroke-linecap="round"><circle cx="5.5" cy="5.5" r="2.25" stroke="none"/>` +
		`<path fill="none" d="M5.5 1v1.25M1 5.5h1.25M2.32 2.32l.88.88M8.68 2.32l-.88.88M2.32 8.68l.88-.88"/></g>`

	moonLarge  = `<path fill="currentColor" d="M20 14.5A8.5 8.5 0 1 1 9.5 4A7.5 7.5 0 0 0 20 14.5Z"/>`
	moonMedium = `<path fill="currentColor" d="M17 12.5A7 7 0 1 1 9 3.5A6.5 6.5 0 0 0 17 12.5Z"/>`
	moonSmall  = `<path fill="currentColor" d="M13 10A5.5 5.5 0 1 1 7 3.5A4.5 4.5 0 0 0 13 10Z"/>`
	moonTiny   = `<path fill="currentColor" d="M8.5 6.5A3.5 3.5 0 1 1 4.5 2.5A3 3 0 0 0 8.5 6.5Z"/>`

	cloudSmall = `<path fill="` + cloudColour + `" d="M13 21H19A2.5 2.5 0 0 0 19 16A3.5 3.5 0 0 0 12.5 16.3A2.35 2.35 0 0 0 13 21Z"/>`
	cloudLow   = `<path fill="` + cloudColour + `" d="M6.5 19H17A4 4 0 0 0 17 11A5.5 5.5 0 0 0 6.6 11.5A3.75 3.75 0 0 0 6.5 19Z"/>`
	cloudHigh  = `<path fill="` + cloudColour + `" d="M6.5 15H17A4 4 0 0 0 17 7A5.5 5.5 0 0 0 6.6 7.5A3.75 3.75 0 0 0 6.5 15Z"/>`
	stormCloud = `<path fill="` + stormColour + `" d="M6.5 15H17A4 4 0 0 0 17 7A5.5 5.5 0 0 0 6.6 7.5A3.75 3.75 0 0 0 6.5 15Z"/>`

	fogLines      = `<path fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" d="M3 7h18M5 11h14M3 15h18M7 19h10"/>`
	drizzleDrops  = `<path fill="none" stroke="` + rainColour + `" stroke-width="2" stroke-linecap="round" d="M8 18l-.5 1.5M12 20l-.5 1.5M16 18l-.5 1.5"/>`
	rainDrops     = `<path fill="none" stroke="` + rainColour + `" stroke-width="2" stroke-linecap="round" d="M8 17.5l-1.5 4.5M12 17.5l-1.5 4.5M16 17.5l-1.5 4.5"/>`
	drizzleLeft   = `<path fill="none" stroke="` + rainColour + `" stroke-width="2" stroke-linecap="round" d="M7 18l-.5 1.5M11 20l-.5 1.5"/>`
	rainLeft      = `<path fill="none" stroke="` + rainColour + `" stroke-width="2" stroke-linecap="round" d="M7 17.5l-1.5 4.5M11 17.5l-1.5 4.5"/>`
	iceCrystal    = `<path fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" d="M16.5 17.5v5M14.33 18.75l4.33 2.5M14.33 21.25l4.33-2.5"/>`
	snowflakes    = `<path fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" d="M6.5 16.75v3.5M4.98 17.63l3.04 1.75M4.98 19.38l3.04-1.75M17.5 16.75v3.5M15.98 17.63l3.04 1.75M15.98 19.38l3.04-1.75M12 19.25v3.5M10.48 20.13l3.04 1.75M10.48 21.88l3.04-1.75"/>`
	snowGrains    = `<g fill="currentColor"><circle cx="7" cy="18" r="1.1"/><circle cx="12" cy="18" r="1.1"/><circle cx="17" cy="18" r="1.1"/><circle cx="9.5" cy="21.5" r="1.1"/><circle cx="14.5" cy="21.5" r="1.1"/></g>`
	lightningBolt = `<path fill="` + sunColour + `" d="M13 14L9 19H12L11 23L15 17.5H12L13 14Z"/>`
	hailstones    = `<g fill="currentColor"><circle cx="6" cy="18.5" r="1.2"/><circle cx="18" cy="18.5" r="1.2"/><circle cx="7.5" cy="22" r="1.2"/><circle cx="16.5" cy="22" r="1.2"/></g>`
)

const (
	iconClearDay          template.HTML = svgOpen + sunLarge + svgClose
	iconClearNight        template.HTML = svgOpen + moonLarge + svgClose
	iconMainlyClearDay    template.HTML = svgOpen + sunMedium + cloudSmall + svgClose
	iconMainlyClearNight  template.HTML = svgOpen + moonMedium + cloudSmall + svgClose
	iconPartlyCloudyDay   template.HTML = svgOpen + sunSmall + cloudLow + svgClose
	iconPartlyCloudyNight template.HTML = svgOpen + moonSmall + cloudLow + svgClose
	iconOvercast          template.HTML = svgOpen + cloudLow + svgClose
	iconFog               template.HTML = svgOpen + fogLines + svgClose
	iconDrizzle           template.HTML = svgOpen + cloudHigh + drizzleDrops + svgClose
	iconFreezingDrizzle   template.HTML = svgOpen + cloudHigh + drizzleLeft + iceCrystal + svgClose
	iconRain              template.HTML = svgOpen + cloudHigh + rainDrops + svgClose
	iconFreezingRain      template.HTML = svgOpen + cloudHigh + rainLeft + iceCrystal + svgClose
	iconSnow              template.HTML = svgOpen + cloudHigh + snowflakes + svgClose
	iconSnowGrains        template.HTML = svgOpen + cloudHigh + snowGrains + svgClose
	iconRainShowersDay    template.HTML = svgOpen + sunTiny + cloudHigh + rainDrops + svgClose
	iconRainShowersNight  template.HTML = svgOpen + moonTiny + cloudHigh + rainDrops + svgClose
	iconSnowShowersDay    template.HTML = svgOpen + sunTiny + cloudHigh + snowflakes + svgClose
	iconSnowShowersNight  template.HTML = svgOpen + moonTiny + cloudHigh + snowflakes + svgClose
	iconThunderstorm      template.HTML = svgOpen + stormCloud + lightningBolt + svgClose
	iconThunderstormHail  template.HTML = svgOpen + stormCloud + lightningBolt + hailstones + svgClose
)
