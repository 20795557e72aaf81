package demo

// What each scene's picture shows (see art.go), in the words a caption
// uses, so that the demo's captions and alt text say what a reader sees.
// A story's alt text names the scene's subject; its caption and alt text
// name only things its picture always shows, never a thing that another
// scene shows or that no picture shows (notShown). Colours and the time of
// day vary with the seed and are left out; names of places ("Hat Yai")
// are not things. A test holds every story and the bulk archive's
// pictures to it.

// subject is what one scene shows.
type subject struct {
	// Main are the words of what the picture is of; alt text names one.
	Main []string
	// Shows is everything the picture always shows, Main included.
	Shows []string
	// Alt describes the picture when no story gives words of its own
	// (the bulk archive).
	Alt string
}

var subjects = map[string]subject{
	"city": {Main: []string{"skyline", "tower"},
		Shows: []string{"skyline", "tower", "building", "window", "water", "waterfront", "river", "dusk", "cloud", "lamp", "promenade", "city"},
		Alt:   "Illustration of a city skyline at dusk, its towers' lit windows mirrored in the water"},
	"river": {Main: []string{"river"},
		Shows: []string{"river", "boat", "rice", "paddy", "field", "palm", "tree", "hill", "bank", "boatman", "water"},
		Alt:   "Illustration of a long-tail boat on a river winding through rice paddies, palms in front"},
	"mountains": {Main: []string{"mountain", "ridge"},
		Shows: []string{"mountain", "ridge", "hill", "mist", "misty", "pine", "tree", "valley", "bird"},
		Alt:   "Illustration of layered mountain ridges in mist, pine trees on the nearest"},
	"sea": {Main: []string{"sea"},
		Shows: []string{"sea", "boat", "sail", "island", "horizon", "wave", "water", "cloud", "bird"},
		Alt:   "Illustration of a sailing boat on a calm sea, an island on the horizon"},
	"market": {Main: []string{"market", "stall"},
		Shows: []string{"market", "stall", "awning", "lantern", "shopper", "shophouse", "fruit", "trader"},
		Alt:   "Illustration of market stalls with striped awnings and piles of fruit under strings of lanterns"},
	"stadium": {Main: []string{"stadium", "football"},
		Shows: []string{"stadium", "football", "pitch", "player", "stand", "crowd", "floodlight", "floodlit", "supporter", "fan", "goal", "match"},
		Alt:   "Illustration of a floodlit football stadium, the stands full and players on the pitch"},
	"chart-rise": {Main: []string{"chart"},
		Shows: []string{"chart", "graph", "bar", "rising"},
		Alt:   "Illustrated line chart rising to the right, with bars below"},
	"chart-fall": {Main: []string{"chart"},
		Shows: []string{"chart", "graph", "bar", "falling"},
		Alt:   "Illustrated line chart falling to the right, with bars below"},
	"forest": {Main: []string{"forest", "pine"},
		Shows: []string{"forest", "pine", "tree", "mist", "misty", "hill", "bird"},
		Alt:   "Illustration of a pine forest in mist under a low sun"},
	"rain": {Main: []string{"umbrella"},
		Shows: []string{"rain", "rainy", "umbrella", "street", "lamp", "puddle", "building", "house", "window", "cloud"},
		Alt:   "Illustration of people with umbrellas on a wet street in heavy rain, lit windows behind"},
	"night": {Main: []string{"moon", "night"},
		Shows: []string{"night", "moon", "star", "house", "window", "hill", "tree", "village"},
		Alt:   "Illustration of a village at night, lit windows under the moon and stars"},
	"temple": {Main: []string{"temple"},
		Shows: []string{"temple", "hall", "roof", "gable", "chedi", "pond", "palm", "doorway", "hill", "water"},
		Alt:   "Illustration of a Thai temple hall with tiered roofs and chedis, mirrored in a pond"},
	"fields": {Main: []string{"terrace", "terraced"},
		Shows: []string{"terrace", "terraced", "field", "rice", "hut", "stilt", "palm", "tree", "farmer", "hat", "hill", "hillside"},
		Alt:   "Illustration of terraced fields on a hillside, a hut on stilts and farmers in conical hats"},
}

// notShown are things news captions name that no demo picture shows:
// where a caption names one, its words and its picture have drifted apart
// ("Motorcyclists push through floodwater" under people with umbrellas).
var notShown = []string{
	"motorcyclist", "motorcycle", "motorbike", "scooter", "car", "bus", "traffic", "road", "expressway", "train",
	"railway", "ship", "container", "plane", "phone", "screen", "code", "poster", "flood", "floodwater",
	"sandbag", "hospital", "ward", "factory", "office", "campus", "arena", "court", "gym", "durian", "coffee",
	"maize", "reef", "coral", "diver", "seaweed", "lagoon", "beach", "shore", "coast", "fairway", "mangrove",
	"bamboo", "mural", "monk", "elephant", "snow", "solar", "panel", "rooftop", "runner", "delegate",
	"fisherman", "net", "shuttle", "volleyball",
}
