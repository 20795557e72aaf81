package demo

import "dateline/internal/content"

// The demo newsroom's content: sections, staff, static pages and stories.
// Every person, company, club and quotation in this file is fictional; public
// institutions are named only as background.

// sections lists the demo categories in navigation order.
var sections = []section{
	{Name: "Thailand", Slug: "thailand", Description: "News from Bangkok and the provinces: public services, transport, politics and daily life across the kingdom."},
	{Name: "Asia", Slug: "asia", Description: "Reporting from Southeast Asia and the wider region, from the Mekong to the Pacific."},
	{Name: "World", Slug: "world", Description: "The biggest international stories and what they mean for readers in Thailand."},
	{Name: "Business", Slug: "business", Description: "Markets, the baht, trade, companies and the economy that pays the bills."},
	{Name: "Technology", Slug: "technology", Description: "How technology is changing work, money and public life in Thailand and the region."},
	{Name: "Environment", Slug: "environment", Description: "Climate, weather, air, water, forests and wildlife, reported from the field."},
	{Name: "Sport", Slug: "sport", Description: "Football, volleyball, Muay Thai and the rest of the sporting week, at home and abroad."},
}

// authors is the demo newsroom: one admin, one editor and two authors.
var authors = []person{
	{
		Name:     "Pranee Wongsakul",
		Slug:     "pranee-wongsakul",
		Email:    "pranee@dateline.example",
		Role:     "admin",
		Bio:      "Editor-in-chief of Dateline. Pranee spent two decades reporting on Thai politics and the economy before founding the newsroom.",
		JobTitle: "Editor-in-chief",
		Links:    []content.Link{{URL: "https://social.example/@pranee", Label: "Pranee on Social"}, {URL: "https://pranee-wongsakul.example/"}},
	},
	{
		Name:     "David Hartley",
		Slug:     "david-hartley",
		Email:    "david@dateline.example",
		Role:     "editor",
		Bio:      "News editor, responsible for business and international coverage. David joined Dateline from a wire agency desk in Hong Kong.",
		JobTitle: "News editor",
		Links:    []content.Link{{URL: "https://social.example/@davidhartley", Label: "David on Social"}},
	},
	{
		Name:     "Somchai Rattanakul",
		Slug:     "somchai-rattanakul",
		Email:    "somchai@dateline.example",
		Role:     "author",
		Bio:      "Senior reporter covering Bangkok, the provinces and sport. Somchai grew up in Hat Yai and has reported on every flood season for fifteen years.",
		JobTitle: "Senior reporter, Bangkok and the provinces",
		Links:    []content.Link{{URL: "https://social.example/@somchai", Label: "Somchai on Social"}, {URL: "https://photos.example/somchai"}},
	},
	{
		Name:     "Anna Lindqvist",
		Slug:     "anna-lindqvist",
		Email:    "anna@dateline.example",
		Role:     "author",
		Bio:      "Southeast Asia correspondent based in Bangkok, writing about the Mekong, technology and the region's changing economies.",
		JobTitle: "Southeast Asia correspondent",
		Links:    []content.Link{{URL: "https://social.example/@annalindqvist", Label: "Anna on Social"}, {URL: "https://anna-lindqvist.example/"}},
	},
}

// pages are the demo static pages.
var pages = []page{
	{
		Title: "About",
		Slug:  "about",
		Body: `Dateline is an independent English-language news site based in Bangkok. We report on Thailand and Southeast Asia for people who live here, do business here or follow the region from afar.

Our reporters file from Bangkok and the provinces, and from correspondents across Asia. We publish news as it happens, and we take time over the stories that need it: analysis, features and explainers that put the day's headlines in context.

## What we stand for

- **Accuracy first.** We check before we publish, and we correct mistakes openly.
- **Independence.** Our coverage is decided by our editors, not by advertisers or owners.
- **Clarity.** We write plainly, for readers whose first language may not be English.

## Corrections

If you spot an error, please tell us at corrections@dateline.example. Corrections are noted at the foot of the story they concern, with the date they were made.

*Dateline is a demonstration newsroom. The people, companies and events in its stories are fictional.*`,
	},
	{
		Title: "Contact",
		Slug:  "contact",
		Body: `We want to hear from you, whether you have a news tip, a correction or a question about a story.

## Newsroom

Email **newsroom@dateline.example** with news tips, story ideas and press releases. For urgent tips, put "URGENT" at the start of the subject line: the duty editor reads these around the clock.

## Corrections and complaints

Write to corrections@dateline.example, giving the headline of the story and the error you have found. We aim to reply within two working days.

## Postal address

Dateline Newsroom\
4th Floor, Riverside Media House\
215 Charoen Krung Road, Bang Rak\
Bangkok 10500, Thailand

We are not able to receive visitors without an appointment. Letters for publication should be sent by email and may be edited for length.`,
	},
}

// stories is the demo archive, newest first.
var stories = []story{
	{
		Title:    "Flash floods close roads in eastern Bangkok after overnight downpour",
		Section:  "thailand",
		Author:   "somchai-rattanakul",
		Dateline: "BANGKOK",
		Tags:     []string{"Monsoon", "Flooding", "Bangkok", "ข่าวด่วน"},
		Excerpt:  "More than 100 millimetres of rain fell on parts of the capital in six hours, leaving commuters stranded and several schools closed for the morning.",
		Body: `Heavy rain that began shortly before midnight flooded dozens of streets in the eastern districts of the capital, closing several main roads during the morning rush hour and leaving thousands of commuters stranded at bus stops and rail stations.

The Bangkok Metropolitan Administration said rain gauges in Lat Krabang and Min Buri recorded more than 100 millimetres in six hours, well above what the city's drainage network is designed to carry. Water reached knee height on sections of Ramkhamhaeng Road and on several sois leading towards Suvarnabhumi Airport, where traffic slowed to walking pace.

"The pumps are running at full capacity, but when this much rain falls in such a short time there is nowhere for it to go until the canals come down," said Thanakorn Siriwat, a deputy director of the city's drainage and sewerage department. He said most roads should be clear by early afternoon if no further heavy rain fell.

## Schools and flights

At least 14 schools in the affected districts told parents to keep children at home for the morning. Airport officials said flights were operating normally, although some passengers missed departures after taxi and ride-hailing drivers refused trips into flooded areas.

Residents of low-lying housing estates near Khlong Prawet said water had entered ground floors for the second time this season. "We moved the fridge and the motorbike upstairs at two in the morning," said Jintana Boonmee, a 52-year-old shop owner. "Every year they say the new tunnel will fix it. We are still waiting."

The Meteorological Department has forecast further thunderstorms across Bangkok and the central plains for the next three days as an active monsoon trough lies across the region. It advised residents to avoid underpasses during heavy rain and to follow updates from district offices.

City officials urged motorists not to drive through standing water and said mobile pumps and sandbags had been sent to the worst-hit neighbourhoods. The city's flood hotline received more than 600 calls before dawn, most of them about blocked drains and stalled vehicles.

Traffic police said the disruption was worse than usual because the rain peaked between 4 a.m. and 6 a.m., just as delivery lorries and early commuters took to the roads.`,
		Scene:    "rain",
		Caption:  "Commuters shelter under umbrellas on a rain-soaked street in eastern Bangkok after heavy rain overnight.",
		Credit:   "Illustration: Dateline",
		Alt:      "Illustration of people with umbrellas on a wet street in heavy rain, street lamps and lit windows behind",
		HoursAgo: 2,
		Comments: []reply{
			{Name: "Kanya P.", Email: "kanya.p@example.com", Text: "Same story every rainy season on our soi. The drains are blocked with rubbish long before the rain arrives.", ReplyTo: -1},
			{Name: "Mark Ellison", Email: "mellison@example.org", Text: "To be fair, 100 mm in six hours would flood most cities in the world. The pumps can only do so much.", ReplyTo: 0},
			{Name: "Nattapong S.", Email: "nattapong.s@example.com", Text: "Thanks for the quick update. The airport rail link was running normally this morning, for anyone wondering.", ReplyTo: -1},
		},
	},
	{
		Title:    "Bank of Thailand holds policy rate, flags softer export outlook",
		Section:  "business",
		Author:   "david-hartley",
		Dateline: "BANGKOK",
		Tags:     []string{"Interest rates", "Baht", "Exports", "Economy"},
		Excerpt:  "The central bank's monetary policy committee kept its benchmark rate unchanged but cut its forecast for export growth, citing weaker demand from China and Europe.",
		Body: `The Bank of Thailand left its benchmark interest rate unchanged for a third consecutive meeting, saying the economy was recovering broadly in line with its forecasts but warning that exports would grow more slowly than it had expected earlier in the year.

The seven-member monetary policy committee voted five to two to hold the rate, with two members favouring a quarter-point cut to support growth. The decision was expected by most economists polled ahead of the meeting.

> "The committee judges the current policy stance to be appropriate for supporting the recovery while preserving financial stability. We stand ready to adjust if the outlook changes materially." — Kanokwan Thepsiri, assistant governor, speaking after the meeting

## Forecasts revised

The central bank trimmed its forecast for export growth this year to 1.8 percent from 2.5 percent, citing softer demand from China and the euro zone and continued uncertainty over tariffs. It kept its forecast for overall economic growth unchanged, saying stronger tourism receipts and public investment would offset the weaker outlook for manufactured goods.

Headline inflation is expected to remain near the bottom of the bank's target range this year, held down by lower energy prices and government measures to cap electricity tariffs.

Kanokwan told reporters the committee had discussed recent swings in the baht, which has moved sharply in both directions in recent weeks as foreign investors moved money in and out of Thai assets. "Exchange rate movements have been in line with regional currencies, but we are watching closely for excessive volatility," she said.

## Market reaction

The baht was little changed after the decision, while the main index of the Stock Exchange of Thailand closed slightly lower. Bond yields edged up as traders scaled back bets on a rate cut before the end of the year.

"The two dissenting votes keep a cut on the table, but the bar is higher than the market thought," said Pawit Limsakul, chief economist at a Bangkok securities firm. "They want to see evidence that the export slowdown is spreading into jobs and consumption before they move."

Business groups had lobbied for lower rates, arguing that high borrowing costs were squeezing small manufacturers. An association representing small and medium-sized factories said it was disappointed and urged the committee to reconsider at its next meeting.

The committee's next rate decision is due in about seven weeks.`,
		MustRead: true,
		Scene:    "chart-fall",
		Caption:  "A falling chart of the export outlook that the Bank of Thailand now calls softer, as it holds its policy rate.",
		Credit:   "Dateline graphics",
		Alt:      "Illustrated line chart falling to the right, with bars below",
		HoursAgo: 5,
		Comments: []reply{
			{Name: "Arthit K.", Email: "arthit.k@example.com", Text: "Holding rates while household debt is this high is the right call. Cutting now would just encourage more borrowing.", ReplyTo: -1},
			{Name: "Siriporn T.", Email: "siriporn@example.org", Text: "Tell that to small factories paying 7 percent on their working capital loans. A cut would help real businesses, not just consumers.", ReplyTo: 0},
			{Name: "James Whitford", Email: "j.whitford@example.com", Text: "Useful piece. A chart of the forecast revisions would be helpful next time.", ReplyTo: -1},
		},
	},
	{
		Title:    "Thailand's women's volleyball team reaches Asian championship final",
		Section:  "sport",
		Author:   "somchai-rattanakul",
		Dateline: "NAKHON RATCHASIMA",
		Tags:     []string{"Volleyball", "Thailand national team"},
		Excerpt:  "The home side came from a set down to beat Japan in front of a sell-out crowd and will play China for the title.",
		Body: `Thailand's women's volleyball team came from a set down to beat Japan 3-1 and reach the final of the Asian championship, sending a sell-out crowd of more than 5,000 at the provincial sports hall into celebrations that continued long after the final point.

The hosts lost a tight opening set 23-25 but dominated the next three, winning 25-19, 25-21 and 25-18 as their blocking improved and Japan's passing began to break down under pressure from the Thai servers.

Outside hitter Kanyarat Phonsri led the scoring with 22 points, while 19-year-old middle blocker Thidarat Keawmanee added six blocks in only her fourth tournament with the senior team.

"After the first set we told each other to be patient and trust our defence," Kanyarat said courtside, still holding a Thai flag handed to her by a fan. "This crowd carried us. We could hear them in every rally."

Head coach Worawut Chaiyasit said the team had spent the past two years rebuilding after several senior players retired. "People said this was a transition period. These young players did not want to wait," he said.

## Final against China

Thailand will face China, who swept South Korea 3-0 in the other semi-final, in the title match. China beat Thailand in straight sets in the group stage earlier in the tournament.

- **Final:** Thailand v China, 7 p.m. local time
- **Bronze medal match:** Japan v South Korea, 4 p.m.
- **Tickets:** sold out; a public screening will be held outside the hall

The tournament also serves as a qualifying event for next year's world championship, and both finalists have already secured their places.

Tickets for the final sold out within an hour of the semi-final ending, organisers said, and the provincial administration announced it would put up a large screen in the park next to the venue. Police advised fans without tickets not to travel to the hall and warned of heavy traffic on roads into the city centre.`,
		Scene:    "stadium",
		Caption:  "Supporters fill the stands of a floodlit stadium in Nakhon Ratchasima, where fans gathered to watch the final.",
		Credit:   "Illustration: Dateline",
		Alt:      "Illustration of a floodlit football stadium, its stands full and players on the pitch",
		HoursAgo: 9,
		Comments: []reply{
			{Name: "Pim Chaisri", Email: "pim.c@example.com", Text: "What a match! I was in the hall and the noise in the fourth set was unbelievable.", ReplyTo: -1},
			{Name: "Tom Hayes", Email: "tomhayes@example.org", Text: "Great result, but China looked a level above in the group stage. I hope the coach has a plan for their blockers.", ReplyTo: -1},
			{Name: "Pim Chaisri", Email: "pim.c@example.com", Text: "Our team rested two starters in that group match, so I would not read too much into it.", ReplyTo: 1},
		},
	},
	{
		Title:    "WHO panel urges faster sharing of outbreak data between countries",
		Section:  "world",
		Author:   "anna-lindqvist",
		Dateline: "GENEVA",
		Tags:     []string{"Public health", "United Nations"},
		Excerpt:  "An independent panel advising the World Health Organization says countries should report unusual disease clusters within 48 hours and share samples under clear rules.",
		Body: `An independent panel advising the World Health Organization has called on governments to report unusual clusters of disease within 48 hours and to share virus samples and genetic data under clear, binding rules, warning that delays in the first weeks of an outbreak remain the biggest obstacle to containing it.

The 14-member panel of epidemiologists, public health officials and legal experts from every region published its recommendations after a year-long review of how countries responded to recent outbreaks of respiratory and mosquito-borne diseases.

"In almost every case we studied, the information existed somewhere in the system days or weeks before it reached the people who could act on it," said Dr. Helena Marchetti, an Italian epidemiologist who co-chaired the panel. "Laboratories knew. Local doctors knew. The problem is the distance between knowing and reporting."

## Key recommendations

The report sets out steps it says governments could take within existing budgets:

- report unusual clusters of illness to the WHO within 48 hours, even when the cause is unknown
- publish genetic sequences of new pathogens in open databases within a week
- agree in advance how the benefits of vaccines and medicines developed from shared samples will be divided
- fund district-level laboratories so that samples do not have to travel to the capital for testing

Dr. Marchetti said the last point mattered most for lower-income countries, where samples from rural clinics can take a week or more to reach a national laboratory.

## Mixed response

Several delegations welcomed the report, but diplomats said agreement on benefit-sharing would be difficult. Countries with large pharmaceutical industries have resisted binding commitments, while many developing countries say they will not share samples without guarantees of access to the resulting vaccines.

"We have been asked to share before and then waited at the back of the queue," said one Southeast Asian health official, who asked not to be named because negotiations are continuing.

The report will be discussed by member states later this year. The WHO secretariat said it would publish a technical guide to help countries put the 48-hour reporting target into practice.

Dr. Somsak Intarapanich, a former Thai disease control official who served on the panel, said Thailand's network of village health volunteers offered a model that other countries could adapt. "Early warning starts with someone in the community who notices that three neighbours have the same fever," he said.`,
		Scene:    "city",
		Caption:  "Towers along the waterfront at dusk, near the conference centre where the experts met.",
		Credit:   "Illustration: Dateline",
		Alt:      "Illustration of a city skyline of towers with lit windows, mirrored in the water at dusk",
		HoursAgo: 11,
	},
	{
		Title:    "Mekong ministers agree on shared early-warning system for floods",
		Section:  "asia",
		Author:   "anna-lindqvist",
		With:     []string{"somchai-rattanakul", "david-hartley"},
		Agency:   "Asia Wire",
		Dateline: "VIENTIANE",
		Tags:     []string{"Mekong", "ASEAN", "Flooding"},
		Excerpt:  "Water officials from four countries will pool river-level data in real time and issue joint alerts, though dam operators upstream are not yet part of the deal.",
		Body: `Ministers responsible for water resources in Cambodia, Laos, Thailand and Vietnam agreed to pool real-time river-level data and issue joint flood alerts for the lower Mekong, in what officials described as the most significant step in cooperation on the river in a decade.

Under the agreement, about 60 monitoring stations along the main river and its larger tributaries will transmit readings every 15 minutes to a shared platform. Forecasters in each country will be able to see conditions upstream and downstream, and a joint alert will be issued when levels are forecast to exceed agreed thresholds.

"A flood does not stop at the border, and neither should the warning," said Bounthavy Sisouk, a senior Lao official who chaired the meeting. "A farmer in Cambodia should know what is happening in Laos three days before the water arrives."

## Gaps remain

The deal does not cover the operation of hydropower dams, which environmental groups say have made river levels harder to predict. Dam operators will be invited to share release schedules voluntarily, but there is no obligation for them to do so.

Pornthip Saengchan, a researcher at a Bangkok university who studies the river, said the lack of dam data was a serious weakness. "Sudden releases can raise levels by a metre in a few hours," she said. "Without that information, the forecasts will be right most of the time and wrong at the moment that matters most."

Officials said talks with dam operators would continue and that several had agreed in principle to share information during the peak of the rainy season.

## Funding and timetable

The system will be financed by the four countries and by grants from development partners. A pilot covering the stretch of river between Vientiane and the Cambodian border is due to begin before the end of the current monsoon, with the full network expected to be working within two years.

Fishing communities and farmers along the river have long complained that warnings arrive too late or not at all. In Nong Khai, on the Thai bank opposite Vientiane, village headman Sombat Phromma said residents currently relied on messages from relatives on the Lao side. "If the government can do it faster than my cousin's phone calls, we will be very happy," he said.`,
		Scene:    "river",
		Caption:  "A long-tail boat on a river winding between rice paddies, the kind of waterway the warning system will watch.",
		Credit:   "Illustration: Dateline",
		Alt:      "Illustration of a long-tail boat on a river winding through rice paddies, palms in front",
		HoursAgo: 16,
		Comments: []reply{
			{Name: "Lena Vogel", Email: "lena.vogel@example.org", Text: "Good news, but without the dam operators this is only half a system.", ReplyTo: -1},
			{Name: "Vannak Chea", Email: "vannak@example.com", Text: "Agreed, though it is still far better than what we have now, which is nothing official at all.", ReplyTo: 0},
		},
	},
	{
		Title:    "Thai banks tighten app security after surge in call-centre scams",
		Section:  "technology",
		Author:   "anna-lindqvist",
		Dateline: "BANGKOK",
		Tags:     []string{"Cybersecurity", "Banking", "Scams"},
		Excerpt:  "Customers moving large sums will have to scan their faces and may wait before transfers go through, as lenders try to stem losses to fraud gangs operating across borders.",
		Body: `Thailand's largest banks will require customers to confirm large transfers with a face scan and will hold some payments to new recipients, in the industry's most sweeping response yet to a wave of scams run by call-centre gangs.

The measures, announced by an industry group representing the country's commercial banks, take effect within 30 days and apply to the mobile banking apps of all major lenders.

Under the new rules:

- transfers above 50,000 baht, or more than 200,000 baht in a single day, must be confirmed with a face scan
- the first transfer above 10,000 baht to a new recipient will be held for up to 30 minutes
- customers will be able to set a daily limit on their account and lower it instantly from the app
- banks will share data on suspected "mule" accounts within hours rather than days

Officials said losses from online fraud had risen sharply over the past year, with victims often persuaded by callers posing as police officers, tax officials or delivery companies to move their savings into accounts controlled by the gangs. Many of the calls originate from compounds outside Thailand, according to police.

"The criminals are fast. The money is gone across three or four accounts within minutes," said Chalermchai Pongpanit, who heads fraud prevention at one of the large commercial banks. "A short delay gives us time to stop the money, and it gives the customer time to think."

## Concerns over convenience

Some users and small businesses worry that the checks will slow down everyday payments. Mobile transfers have become the main way of paying for everything from street food to rent, and many merchants rely on instant settlement.

Bankers said the vast majority of transactions would be unaffected because the thresholds were set well above typical payments. Face scans are already required for some larger transfers under earlier rules set by the central bank.

Consumer advocates welcomed the changes but said banks should also take more responsibility for reimbursing victims. "Every month we meet elderly people who have lost their life savings," said Ratchanee Kaewprasert of a consumer rights network in Bangkok. "Security is good, but victims need a clear path to get their money back."

## How to protect yourself

Police advise people never to move money at the request of a caller, however official they sound, and to hang up and call the agency back on a number found independently. Suspicious calls and messages can be reported to the police cyber crime hotline.`,
		MustRead: true,
		Scene:    "night",
		Caption:  "Lit windows in a village under the moon: the call-centre scams reach homes across the country.",
		Credit:   "Illustration: Dateline",
		Alt:      "Illustration of a row of houses with lit windows at night, under the moon and stars",
		HoursAgo: 22,
		Comments: []reply{
			{Name: "Supaporn L.", Email: "supaporn.l@example.com", Text: "My mother nearly lost her savings to a fake police call last year. Anything that slows these people down is welcome.", ReplyTo: -1},
			{Name: "Daniel Reyes", Email: "dreyes@example.org", Text: "A 30-minute hold will be a pain for freelancers paying subcontractors. I hope there is a way to mark trusted accounts.", ReplyTo: -1},
			{Name: "Krit W.", Email: "krit.w@example.com", Text: "The article says the hold only applies to the first transfer to a new recipient, so after that it should be instant.", ReplyTo: 1},
		},
	},
	{
		Title:    "Chiang Mai adopts plan to cut haze before next burning season",
		Section:  "environment",
		Author:   "somchai-rattanakul",
		Dateline: "CHIANG MAI",
		Tags:     []string{"Air quality", "Forest fires", "Forests", "Chiang Mai"},
		Excerpt:  "Provincial officials will pay villages to prevent forest fires, give farmers alternatives to burning crop waste and expand a network of low-cost air sensors.",
		Body: `Provincial authorities in Chiang Mai approved a plan to reduce the smoke that blankets the north every dry season, promising payments to villages that keep forest fires under control and new help for farmers who stop burning crop waste.

The plan, drawn up over six months with community groups, universities and forestry officials, sets a target of cutting by a third, within three years, the number of days on which fine-particle pollution exceeds national standards.

"For too long we treated haze as a problem for three months a year and forgot about it during the rains," said Wichai Kamonrat, a deputy governor of the province. "The work has to happen now, while the hills are green."

## Paying villages to prevent fires

The centrepiece is a fund that will pay community forest committees for clearing firebreaks, organising patrols and reporting fires quickly. Villages whose forests record fewer burned hectares than in the previous year will receive an additional payment.

A pilot in 40 villages in Mae Chaem and Samoeng districts last year cut the burned area by almost half, according to provincial figures, although officials acknowledged that the weather had also been favourable.

Farmers who grow maize on hillsides will be offered machinery to plough crop residue back into the soil, and feed companies will be asked to certify that the corn they buy has not come from burned fields.

## More sensors, better warnings

The province will also extend a network of low-cost air-quality sensors to every sub-district, and schools will receive guidance on when to keep children indoors.

Environmental groups welcomed the plan but questioned whether it would be properly funded. "We have seen many plans," said Orawan Jaidee of a Chiang Mai clean-air network. "The test is whether the money reaches the villages before the fire season starts, not after."

Part of the smoke that affects the north drifts across the border from neighbouring countries, where farmers also burn fields before planting. Officials said they would raise the issue at regional meetings but admitted that the province had little control over fires beyond Thailand's borders.

Doctors in the city, who see a rise in respiratory complaints every dry season, said the plan's success would be measured in hospital admissions as much as in sensor readings.`,
		Scene:    "mountains",
		Caption:  "Mist over the ridges above Chiang Mai, where villagers will be paid to keep fires under control.",
		Credit:   "Illustration: Dateline",
		Alt:      "Illustration of layered mountain ridges in mist, pine trees on the nearest",
		HoursAgo: 27,
	},
	{
		Title:    "Bangkok's weekend markets (ตลาดนัด) face new licensing rules",
		Section:  "thailand",
		Author:   "somchai-rattanakul",
		Dateline: "BANGKOK",
		Tags:     []string{"Bangkok", "Street food", "Small business"},
		Excerpt:  "City hall wants every stall at the capital's weekend and night markets registered by the end of the year. Vendors say the costs and paperwork will push the smallest traders out.",
		Body: `Vendors at Bangkok's weekend and night markets will need individual licences under new rules announced by city hall, which says the change will improve food safety and fire protection but which traders fear will drive out the smallest stalls.

The rules require every stall at markets with more than 50 vendors to register with the district office, display a licence number and meet basic standards for waste disposal, gas cylinders and hand-washing. Market operators will be responsible for providing fire extinguishers and walkways at least three metres wide.

Officials said the capital had more than 400 markets of this kind, many of them set up on private land or in car parks with little oversight. Several small fires at night markets in recent years had highlighted the risks, they said.

"Markets are part of the life of this city and we want them to continue," said Suda Phanthong, a deputy director of the city's health department. "But people who eat there deserve to know that the food is safe and that they can get out quickly if there is a fire."

## Vendors worried about costs

The annual licence fee of 500 baht is modest, but vendors say the cost of meeting the new standards, and the time spent queuing at district offices, will be a burden for people who earn a few hundred baht a night.

"I sell grilled pork skewers. I have one gas tank, a cart and my daughter helping me," said Prasert Yimyam, 61, who has run a stall at a market in Lat Phrao for 12 years. "If they want me to buy new equipment and take three days off to do paperwork, maybe I stop."

Market operators said they supported the safety rules in principle but asked for more time. Some said they would pay for extinguishers and signage themselves rather than pass the cost on to vendors.

## Online registration promised

City hall said vendors would be able to register through a mobile app from next month, and that district officers would visit large markets to help older traders with the process. Stalls that register before the end of the year will have their first licence fee waived.

Consumer groups welcomed the change. A survey by a Bangkok university last year found that fewer than a third of night market vendors had received any training in food hygiene.`,
		Scene:    "market",
		Caption:  "Shoppers at the fruit stalls of a weekend market in the capital, under strings of lanterns.",
		Credit:   "Illustration: Dateline",
		Alt:      "Illustration of market stalls with striped awnings and piles of fruit, lanterns overhead and shophouses behind",
		HoursAgo: 40,
		Comments: []reply{
			{Name: "Oranong R.", Email: "oranong@example.com", Text: "Fire safety yes, but 500 baht plus days of queuing is a lot for a grandmother selling sticky rice. The app had better work.", ReplyTo: -1},
			{Name: "Peter Lindsay", Email: "plindsay@example.org", Text: "As a regular at one of the Lat Phrao markets, I welcome wider walkways. On busy nights it is genuinely dangerous.", ReplyTo: -1},
		},
	},
	{
		Title:    "Baht slips to three-month low as foreign investors sell Thai shares",
		Section:  "business",
		Author:   "david-hartley",
		Dateline: "BANGKOK",
		Tags:     []string{"Baht", "Stock market", "Investment"},
		Excerpt:  "Overseas funds have been net sellers of Thai equities for nine straight sessions, pushing the currency lower even as exporters welcome the relief.",
		Body: `The baht fell to its weakest level in three months against the US dollar as foreign investors continued to pull money out of Thai shares, although dealers said the move was modest compared with other currencies in the region.

Overseas funds have sold a net 18 billion baht of Thai stocks over the past nine trading sessions, according to exchange data, as investors moved money into US assets on expectations that American interest rates would stay higher for longer.

"This is mostly a dollar story rather than a Thai story," said Nantawat Kiatsiri, a currency strategist at a Bangkok bank. "The baht is moving with the won, the ringgit and the peso. There is no sign of panic."

## Exporters relieved

For exporters, a weaker baht brings some relief after months in which a strong currency squeezed their margins. Rice traders, seafood processors and car parts makers have complained that Thai goods were losing ground to competitors in Vietnam and India.

"Every one-baht move is worth a lot to us," said Chutima Srisawat, finance director of a canned tuna exporter in Samut Sakhon. "We sell in dollars and pay our workers in baht, so this helps, but we need it to be stable. Swings are what hurt us."

Importers and companies with dollar debts face higher costs. Fuel importers in particular may pass on the increase to consumers in the coming weeks, analysts said.

## Stock market under pressure

The main index of the Stock Exchange of Thailand has fallen about 6 percent over the past month, led by banks and energy companies, which are heavily owned by foreign funds. Trading volumes have been thin, with domestic retail investors reluctant to buy into the decline.

Analysts said Thai shares now looked cheap by historical standards, but that a sustained recovery would depend on clearer signs of economic growth and on the government's budget plans.

"Valuations are attractive, but cheap can always get cheaper," said Araya Boonsong, head of research at a Bangkok brokerage. "Foreign funds want to see earnings upgrades before they come back in size."

The central bank said it was monitoring the currency and would intervene only to smooth excessive volatility. It does not target a particular exchange rate.`,
		Scene:    "chart-fall",
		Caption:  "The baht against the dollar over three months: a falling chart as overseas funds sell Thai equities.",
		Credit:   "Dateline graphics",
		Alt:      "Illustrated line chart falling to the right, with bars below",
		HoursAgo: 45,
	},
	{
		Title:    "Lanna United go top after late winner against Bangkok Harbour",
		Section:  "sport",
		Author:   "somchai-rattanakul",
		Dateline: "CHIANG MAI",
		Tags:     []string{"Football", "Thai League"},
		Excerpt:  "A stoppage-time header from substitute Anuwat Sombun gave the northern club a 2-1 win and a one-point lead with eight matches left.",
		Body: `Substitute Anuwat Sombun headed in a stoppage-time winner as Lanna United beat Bangkok Harbour 2-1 to go top of the league for the first time this season, sending a crowd of 14,000 at the club's home ground into raptures.

Bangkok Harbour, who had led the table since the opening weeks, went ahead just before half-time through a penalty from their Brazilian striker Rafael Duarte after a clumsy challenge in the area.

Lanna equalised within five minutes of the restart when captain Surasak Inthawong curled a free kick over the wall, and the home side pressed for a winner for the rest of the half. It came in the third minute of added time, when Anuwat, on the pitch for only 11 minutes, rose above two defenders to meet a corner from the left.

"I told the coach when he sent me on: give me one chance," said Anuwat, 21, who came through the club's youth academy. "My family was in the stand. I will remember this night all my life."

## Coach keeps his feet on the ground

Lanna's Japanese head coach, Kenji Morita, said the result would mean little unless his team kept winning. "We are top today. Tomorrow we start again," he said. "There are eight matches left and many difficult away games."

Bangkok Harbour's coach complained about the amount of stoppage time but declined to criticise the referee directly.

## Top of the table

| Pos | Club | Played | Won | Drawn | Lost | Points |
|---|---|---|---|---|---|---|
| 1 | Lanna United | 22 | 14 | 5 | 3 | 47 |
| 2 | Bangkok Harbour | 22 | 14 | 4 | 4 | 46 |
| 3 | Korat Thunder | 22 | 12 | 6 | 4 | 42 |
| 4 | Chao Phraya City | 22 | 11 | 5 | 6 | 38 |
| 5 | Andaman FC | 22 | 10 | 5 | 7 | 35 |

Elsewhere, Korat Thunder kept up their challenge with a 3-0 home win over Isan Warriors, while Chao Phraya City and Andaman FC drew 1-1 in Bangkok.

The two leaders meet again in the capital in the final round of the season, a fixture that could decide the title. Tickets for that match are expected to go on sale next month.`,
		MustRead: true,
		Scene:    "stadium",
		Caption:  "Players on the pitch under the floodlights as home supporters fill the stands.",
		Credit:   "Illustration: Dateline",
		Alt:      "Illustration of a football match under floodlights, the stands full",
		HoursAgo: 50,
		Comments: []reply{
			{Name: "Somkiat J.", Email: "somkiat.j@example.com", Text: "Best atmosphere I have seen at the ground in years. Anuwat is the future of this club.", ReplyTo: -1},
			{Name: "Ryan McKenzie", Email: "ryan.mck@example.org", Text: "The stoppage time was generous, I have to say. Harbour have a point.", ReplyTo: -1},
			{Name: "Somkiat J.", Email: "somkiat.j@example.com", Text: "There were two injuries and a long video review in the second half. The added time was fair.", ReplyTo: 1},
		},
	},
	{
		Title:    "Hat Yai shopkeepers brace for monsoon as canal works run late",
		Section:  "thailand",
		Author:   "somchai-rattanakul",
		Dateline: "HAT YAI",
		Tags:     []string{"Flooding", "Monsoon", "Southern Thailand"},
		Excerpt:  "A drainage project meant to protect the southern commercial hub from repeat floods is months behind schedule, and traders are stocking sandbags again.",
		Body: `Shopkeepers in the centre of Hat Yai are stacking sandbags and moving stock onto higher shelves ahead of the heaviest months of the southern rainy season, after a project to widen the city's main drainage canal fell several months behind schedule.

The work, intended to increase the amount of water the canal can carry through the commercial district, was due to be finished before the rains. Contractors now expect to complete it early next year, according to the municipal engineering office.

"We have had delays with land, with utility pipes under the road, and with the weather itself," said Anan Chuaychoo, the city's chief engineer. "The sections that matter most for the market area are done. The remaining work is downstream."

## Memories of past floods

Hat Yai, the largest commercial centre in the south, has been badly flooded several times in the past three decades, when heavy rain in the surrounding hills overwhelmed the canals and water poured into the city centre within hours.

Many traders in the streets near the railway station keep a mark on their walls showing how high the water reached. At a gold shop on one of the main roads, owner Somporn Laohapong pointed to a strip of tape just below the ceiling.

"My father put that there. Since then we keep the safe upstairs," he said. "The canal will help, I believe, but I will believe it more when I see a big storm pass with no water in my shop."

## Early warnings

The city has installed water-level sensors along the canal and upstream that send readings to a public website, and a siren system was tested last month. Officials said residents would receive text message alerts when levels reached warning thresholds.

The Meteorological Department expects rainfall in the lower south to be above average over the coming months. In a typical year, the heaviest rain on the eastern side of the southern peninsula falls late in the year, when the northeast monsoon sets in.

Municipal officials urged residents to register for alerts and to prepare a bag of documents and medicines in case they need to leave quickly. Evacuation centres have been designated at schools and temples on higher ground.`,
		Scene:    "rain",
		Caption:  "Passers-by under umbrellas on a wet street in central Hat Yai as the rainy season begins.",
		Credit:   "Illustration: Dateline",
		Alt:      "Illustration of people with umbrellas on a rainy street lined with houses",
		HoursAgo: 60,
	},
	{
		Title:    "Meteorological Department warns of heavier rain across the south",
		Section:  "environment",
		Author:   "pranee-wongsakul",
		Dateline: "BANGKOK",
		Tags:     []string{"Monsoon", "Climate", "Southern Thailand"},
		Excerpt:  "Forecasters expect rainfall up to 20 percent above normal in southern provinces over the next three months and urged local authorities to check drains and reservoirs.",
		Body: `The Meteorological Department warned that southern provinces could receive up to 20 percent more rain than normal over the next three months and urged local authorities to clear drains, check reservoirs and prepare evacuation plans.

In its seasonal outlook, the department said warmer-than-usual sea temperatures in the Gulf of Thailand and the Andaman Sea were likely to feed heavier downpours, particularly along the east coast of the southern peninsula.

"We are not predicting a particular flood," said Chanida Ruangsri, a senior forecaster at the department. "We are saying the odds of very heavy rain over several days are higher than usual, and that communities should be ready."

## What the forecast says

The outlook, which is updated monthly, includes:

- rainfall 10 to 20 percent above average in the lower south, including Songkhla, Pattani and Narathiwat
- near-normal rain in the central plains and Bangkok, with localised heavy thunderstorms
- below-average rain in parts of the northeast, where some reservoirs are already low
- a higher-than-usual risk of strong winds and high waves in the Gulf of Thailand

Irrigation officials said large reservoirs in the south had enough spare capacity to absorb heavy rain, but that some smaller reservoirs were close to their safe limits and would release water gradually over the coming weeks.

## Northeast shortfall

While the south prepares for too much water, farmers in parts of the northeast face the opposite problem. Several provinces reported that rice planting had been delayed by patchy rain, and irrigation officials asked farmers in some areas to wait before planting a second crop.

"We have water for drinking and for the crops already planted, but not for everything," said an irrigation official in Khon Kaen, who asked not to be named because he was not authorised to speak to the media.

Scientists say a warming climate is making rainfall in Thailand more uneven, with longer dry spells broken by more intense downpours, a pattern that puts pressure on drainage systems designed for the climate of past decades.

The department advised the public to follow daily forecasts and warnings through its website and mobile app, and reminded fishermen to check sea conditions before putting to sea.`,
		Scene:    "rain",
		Caption:  "Heavy clouds and rain over a street in Nakhon Si Thammarat as forecasters warn of a wet season ahead.",
		Credit:   "Illustration: Dateline",
		Alt:      "Illustration of heavy rain on a street under dark clouds, people sheltering under umbrellas",
		HoursAgo: 65,
	},
	{
		Title:    "Vietnamese coffee farmers turn to durian as prices swing",
		Section:  "asia",
		Author:   "anna-lindqvist",
		Dateline: "BUON MA THUOT",
		Tags:     []string{"Agriculture", "Vietnam", "Durian"},
		Excerpt:  "In the Central Highlands, growers are ripping out coffee trees for the fruit that China cannot get enough of, a bet that some economists say could backfire.",
		Body: `On the red-soil hills outside this Central Highlands city, rows of coffee trees that stood for two decades are being cut down and replaced with durian saplings, as farmers chase the higher returns of a fruit that has become one of Southeast Asia's most lucrative exports.

Nguyen Van Thanh, 47, cleared half of his three-hectare coffee farm last year. "Coffee gave my parents a good life, but the price goes up and down and the weather is worse every year," he said, standing among knee-high durian trees shaded by the remaining coffee bushes. "One good durian harvest can pay more than five years of coffee."

Provincial officials estimate that the area planted with durian in the region has more than doubled in five years, driven by demand from China.

## A risky bet

Durian trees take four to five years to bear fruit and need far more water and fertiliser than coffee. Economists and agricultural officials warn that the rush could lead to oversupply just as Thailand, the largest exporter, and other producers expand their own orchards.

"Everyone is planting at the same time, for the same buyer," said Tran Thi Hoa, an agricultural economist in Ho Chi Minh City. "If demand in China slows, or if the border checks become stricter, many farmers will have borrowed money for trees that do not pay."

Durian exports also face strict quality and pesticide checks, and shipments have been turned back at the border in the past for failing inspections.

## Coffee shortage ahead?

The switch comes at a time when Vietnam, the world's largest producer of robusta coffee, has struggled with drought and ageing trees. Traders say the loss of coffee acreage could tighten global supply and keep prices high for roasters.

Some farmers are hedging their bets by planting both crops together, using durian as a shade tree over coffee. Local extension officers are encouraging this approach, which they say protects the soil and spreads the risk.

Thanh said he would keep the rest of his coffee for now. "My wife says I must not cut everything," he said, laughing. "She is probably right."`,
		Scene:    "fields",
		Caption:  "Terraced fields and a hut on stilts in the Central Highlands, where growers are switching crops.",
		Credit:   "Illustration: Dateline",
		Alt:      "Illustration of terraced fields curving around a hillside, a hut on stilts and farmers in conical hats",
		HoursAgo: 75,
	},
	{
		Title:    "EU ministers divided over tighter checks on imported farm produce",
		Section:  "world",
		Author:   "david-hartley",
		Dateline: "BRUSSELS",
		Tags:     []string{"European Union", "Trade", "Agriculture"},
		Excerpt:  "A proposal to hold imported food to the same pesticide rules as European farms has split member states and worried exporters in Asia.",
		Body: `European Union agriculture ministers were divided over a proposal to make imported food meet the same pesticide and animal welfare standards as produce grown inside the bloc, a change that exporters in Asia and Latin America say could shut them out of a valuable market.

The proposal, backed by farming groups that have staged protests across Europe in recent years, would ban imports of food containing residues of pesticides that EU farmers are not allowed to use, even at levels currently considered safe.

"Our farmers are asked to meet the highest standards in the world and then compete with products that do not," said Marie-Claire Dubois, a French farm union representative who attended the meeting as an observer. "This is about fairness, not protectionism."

## Concerns over trade rules

Several member states with large food-processing industries warned that the rules could raise prices for consumers and breach the bloc's commitments under World Trade Organization agreements. Diplomats said a number of trading partners had already raised concerns in Geneva.

Thai exporters of rice, canned fruit and prepared chicken are watching closely. The EU is one of Thailand's most important markets for processed food, and officials in Bangkok estimate that a significant share of exports would need new testing and certification.

"Thai producers already meet EU food safety rules. The question is whether they can comply with rules designed for European farming conditions," said Chaiwat Rungrot, a Thai trade official based in Brussels. "Tropical crops face different pests. Some of the chemicals used in Asia are not used in Europe simply because the pests are not there."

## Next steps

The European Commission is expected to publish an impact assessment before ministers return to the issue. Any change would need the approval of the European Parliament and could take several years to come into force.

Consumer groups in Europe largely support the idea but have asked for clear labelling rather than outright bans. Environmental campaigners say the rules would help reduce the use of harmful chemicals worldwide.

Trade negotiators from Southeast Asian countries are expected to raise the issue at talks with EU officials later this year, where they will argue that any new rules should allow time for exporters to adapt.`,
		Scene:    "fields",
		Caption:  "Farmers at work on terraced fields: the ministers are divided over checks on imported farm goods.",
		Credit:   "Illustration: Dateline",
		Alt:      "Illustration of terraced fields on a hillside with farmers in conical hats and a hut on stilts",
		HoursAgo: 88,
	},
	{
		Title:    "Hospitals in the northeast add beds as dengue cases climb",
		Section:  "thailand",
		Author:   "pranee-wongsakul",
		Dateline: "KHON KAEN",
		Tags:     []string{"Public health", "Dengue", "Monsoon"},
		Excerpt:  "Health officials say infections in the region are running at twice last year's pace, with school-age children accounting for almost half of hospital admissions.",
		Body: `Hospitals across the northeast are adding beds and reassigning staff to cope with a sharp rise in dengue fever, as health officials warn that the peak of the season is still weeks away.

Provincial health offices in the region have recorded roughly twice as many cases so far this year as in the same period last year, according to figures compiled by the Ministry of Public Health. Children aged 5 to 14 account for almost half of hospital admissions.

At the main provincial hospital in Khon Kaen, a ward normally used for planned surgery has been converted to treat dengue patients, and nurses from outpatient departments have been moved to cover night shifts.

"We have patients on extra beds in the corridor at busy times. The staff are tired, but we are managing," said Dr. Wanida Srisuk, head of the hospital's paediatric department. "The most important thing is that parents bring children in early, when the fever does not come down after two or three days."

## Why cases are rising

Health officials said heavy rain followed by hot, dry spells had created ideal breeding conditions for the *Aedes* mosquito, which lays its eggs in clean standing water in jars, tyres, plant pots and blocked gutters.

Dengue also follows a cycle, with larger outbreaks every few years as the number of people without immunity to the circulating strain builds up.

## Warning signs

Doctors urged parents to seek medical care immediately if a child with fever shows any of these signs:

- severe stomach pain or persistent vomiting
- bleeding from the gums or nose
- unusual drowsiness or restlessness
- cold, clammy skin

Patients with suspected dengue should avoid aspirin and ibuprofen, which can increase the risk of bleeding, doctors said.

## Villages asked to help

Village health volunteers have been asked to visit every household weekly to check for standing water and hand out larvicide. Some schools have started "mosquito patrols" in which pupils search the grounds for breeding sites.

"We cannot spray our way out of this," said Prayoon Thongdee, a disease control officer in the province. "Every family has to empty its containers once a week. If people do that, the numbers come down."`,
		MustRead: true,
		Scene:    "city",
		Caption:  "Lit windows in the towers of Khon Kaen at dusk, as dengue cases climb across the northeast.",
		Credit:   "Illustration: Dateline",
		Alt:      "Illustration of a city skyline at dusk with lit windows in its towers",
		HoursAgo: 95,
	},
	{
		Title:    "Chiang Mai start-ups build farm apps for smallholders",
		Section:  "technology",
		Author:   "anna-lindqvist",
		Dateline: "CHIANG MAI",
		Tags:     []string{"Startups", "Agriculture", "Artificial intelligence", "Chiang Mai"},
		Excerpt:  "A cluster of young companies in the northern city is betting that cheap phones and satellite images can help small farmers plan planting, spot disease and find buyers.",
		Body: `In a converted shophouse near the old city moat, a team of eight programmers is teaching a phone app to recognise the brown spots of rice blast disease from a blurry photograph taken in a flooded paddy.

The company, Kaset Labs, is one of more than a dozen start-ups in Chiang Mai building digital tools for smallholder farmers, who make up most of Thailand's agricultural workforce but have often been left behind by new technology.

"Most farm software is designed for big plantations in Australia or America," said co-founder Thitima Panyawong, 29, who grew up on a longan farm in Lamphun. "Our users have two rai of rice and a phone with a cracked screen. We design for them."

## From disease to market prices

The apps being built in the city cover a range of problems:

- identifying crop diseases and pests from photographs
- estimating yields and planting dates from free satellite images
- matching small farmers with buyers and transport to cut out middlemen
- recording what was sprayed and when, to meet export certification rules

Investors say the sector is attractive because the market is large, but the business model remains difficult. Farmers are reluctant to pay for software, so many start-ups earn money from agricultural suppliers, buyers or government contracts instead.

"The technology is the easy part," said Marcus Feldman, a German investor who has backed two of the companies. "The hard part is trust. A farmer will follow advice from a neighbour before an app. You need people on the ground."

## Universities and cheap rents

Chiang Mai's appeal for start-ups lies partly in its universities, which provide engineering graduates and agricultural researchers, and partly in its lower costs compared with Bangkok. The city has also long attracted foreign remote workers, some of whom have joined local companies.

Thitima's team spends two days a week in villages, watching how farmers use the app. Early versions relied too much on text, she said, so the latest version accepts voice messages in the northern dialect.

"The first time an old farmer sent us a voice note saying the app saved his crop, the whole office cheered," she said. "That is why we do this."`,
		Scene:    "fields",
		Caption:  "Farmers on terraced rice fields outside Chiang Mai, where young companies are testing apps with smallholders.",
		Credit:   "Illustration: Dateline",
		Alt:      "Illustration of terraced rice fields with farmers, a palm and a hut on stilts",
		HoursAgo: 110,
	},
	{
		Title:    "Jakarta commuters try new bus lanes as city battles congestion",
		Section:  "asia",
		Author:   "anna-lindqvist",
		Dateline: "JAKARTA",
		Tags:     []string{"Transport", "Indonesia", "Air quality"},
		Excerpt:  "Authorities have added dedicated lanes and electric buses on three busy corridors, hoping to lure drivers out of their cars and off their motorbikes.",
		Body: `Jakarta opened three new dedicated bus corridors and put 200 electric buses into service, the latest attempt by the Indonesian capital to persuade residents to leave their cars and motorbikes at home and ease some of the worst traffic congestion in Asia.

The lanes, separated from other traffic by concrete kerbs, link residential suburbs in the south and east of the city with the central business district. City officials said journey times on the routes had fallen by about a third during the first week of operation.

"Before, the bus took me one hour and forty minutes. Now it is just over one hour," said Dewi Lestari, 34, an accountant who commutes from the eastern suburbs. "It is still crowded, but at least we are moving."

## Drivers less happy

Motorists complained that the new lanes had taken space from already clogged roads. Some motorcycle riders have been fined for entering the bus lanes, which are monitored by cameras.

"They took one lane from us and now the other lanes are worse," said Agus Setiawan, a ride-hailing driver. "Maybe in a few years it will be better. Right now it is painful."

Transport officials said they expected some drivers to switch to buses once the network was more complete, and that traffic on nearby roads would settle as people changed their habits.

## Cleaner air

The electric buses are part of a plan to replace the city's entire bus fleet with zero-emission vehicles over the coming decade. Jakarta regularly records some of the highest levels of air pollution among major Asian cities, with vehicle exhaust one of the main sources.

Environmental groups welcomed the new buses but said the city needed to do more to restrict private vehicles, for example through congestion charging or stricter parking rules. "Every new bus is good news, but we also need fewer cars," said Rina Kusuma of a clean-air campaign group.

The city plans to open four more corridors over the next two years, along with feeder routes connecting bus stations with commuter rail and the metro.`,
		Scene:    "city",
		Caption:  "Central Jakarta's towers at dusk, mirrored in the water below.",
		Credit:   "Illustration: Dateline",
		Alt:      "Illustration of a skyline of towers at dusk, reflected in the water",
		HoursAgo: 120,
	},
	{
		Title:    "Thai rice exporters expect stronger orders from Africa and the Middle East",
		Section:  "business",
		Author:   "david-hartley",
		Dateline: "BANGKOK",
		Tags:     []string{"Rice", "Exports", "Africa"},
		Excerpt:  "Exporters say competitive prices and a good harvest should lift shipments in the coming months, though strong competition from India and Vietnam will limit gains.",
		Body: `Thai rice exporters expect orders from Africa and the Middle East to pick up over the coming months as prices become more competitive and a good harvest increases supplies, the head of an exporters' group said.

Shipments so far this year have been slightly below last year's level, as buyers in key markets turned to cheaper rice from India and Vietnam. But recent falls in Thai prices have narrowed the gap, exporters said.

"Our prices are now at a level where buyers in West Africa are asking again," said Wirat Sukjaroen, vice-president of a Bangkok-based association of rice exporters. "Thai rice has a reputation for quality and consistency. When the price difference is small, many buyers prefer us."

## Prices this week

Indicative export prices quoted by Bangkok traders this week, in US dollars per tonne, free on board:

| Grade | This week | Last month | Change |
|---|---|---|---|
| Hom Mali (jasmine) | 1,080 | 1,120 | -40 |
| White rice, 5% broken | 445 | 465 | -20 |
| Parboiled rice | 450 | 470 | -20 |
| Glutinous rice | 1,050 | 1,050 | 0 |

## Competition from neighbours

India, the world's largest exporter, has increased shipments after relaxing earlier restrictions, while Vietnam has expanded sales to the Philippines and Indonesia. Both countries' white rice has been cheaper than Thailand's for much of the year.

Exporters said the strength of the baht had made the situation worse, and that a weaker currency would help them win back market share.

## Farmers want better prices

Lower export prices have also meant lower prices at the farm gate. In the central province of Suphan Buri, farmer Boonlert Kaewkham said paddy prices had fallen to a level where many growers barely covered their costs.

"Fertiliser is expensive, diesel is expensive, and the price of paddy goes down," he said. "The exporters are happy when the price falls. We are not."

Exporters said shipments for the full year could still match last year's total if the expected recovery in orders from Africa and the Middle East materialised, but warned that a sudden change in Indian export policy could quickly alter the picture.`,
		Scene:    "fields",
		Caption:  "Ripening rice on terraced fields beside a hut on stilts.",
		Credit:   "Illustration: Dateline",
		Alt:      "Illustration of rice terraces on a hillside with farmers in conical hats",
		HoursAgo: 130,
	},
	{
		Title:    "Coral bleaching prompts dive-site closures off Koh Tao",
		Section:  "environment",
		Author:   "anna-lindqvist",
		Dateline: "KOH TAO",
		Tags:     []string{"Coral reefs", "Climate", "Tourism"},
		Excerpt:  "Marine park officials have closed several popular sites after surveys found widespread bleaching linked to unusually warm water in the Gulf of Thailand.",
		Body: `Marine officials closed several popular dive sites around Koh Tao after surveys found that large areas of coral had turned white, the result of weeks of unusually warm water in the Gulf of Thailand.

Government divers and volunteers from local dive schools surveyed 18 sites around the island last month. They found bleaching affecting more than half of the hard corals at most sites, and up to 80 percent at some shallow reefs.

"Bleached coral is not dead coral, not yet," said Dr. Piyaporn Nakprasert, a marine biologist leading the surveys. "If the water cools in the next few weeks, much of it can recover. If it stays hot, we will lose a lot. Reducing other stress on the reef now gives it the best chance."

## What bleaching means

Corals get their colour and most of their food from tiny algae living in their tissues. When water temperatures stay too high for too long, the corals expel the algae and turn white. Without them, the corals slowly starve and become vulnerable to disease.

Sea surface temperatures around the island have been 1 to 2 degrees Celsius above the long-term average for much of the past two months, according to monitoring data.

## Dive industry divided

Koh Tao is one of the world's busiest places to learn to dive, and its economy depends heavily on the reefs. Some dive school owners supported the closures, while others said they had not been consulted and that the measures would hurt small businesses.

> "We are the people who need the reef most. If closing some sites for a few months helps it survive, then we close them. The alternative is no reef and no business." — Lars Eriksen, who has run a dive school on the island for 15 years

Other operators asked for clearer information on how long the closures would last. "We have bookings for groups next month. We need to know what to tell them," said one instructor, who asked not to be named.

Officials said the closures would be reviewed every two weeks and that sites would reopen when surveys showed signs of recovery. Divers at sites that remain open have been asked not to touch coral, to avoid sunscreens containing certain chemicals, and to keep their fins well above the reef.

Scientists say mass bleaching events have become more frequent across the world's tropical reefs as ocean temperatures rise.`,
		MustRead: true,
		Scene:    "sea",
		Caption:  "A sailing boat on calm water off Koh Tao, where some dive sites have been closed.",
		Credit:   "Illustration: Dateline",
		Alt:      "Illustration of a sailing boat on a calm sea, an island on the horizon",
		HoursAgo: 140,
	},
	{
		Title:    "Night train bookings to the northeast jump after timetable change",
		Section:  "thailand",
		Author:   "somchai-rattanakul",
		Dateline: "UBON RATCHATHANI",
		Tags:     []string{"Rail", "Tourism", "Isan"},
		Excerpt:  "New sleeper carriages and a later departure from Bangkok have made the overnight service popular again with families and younger travellers.",
		Body: `Bookings on the overnight train between Bangkok and Ubon Ratchathani have risen sharply since the state railway introduced a later departure time and new sleeper carriages on the route, railway officials said.

Tickets on the service, which now leaves Bangkok in the late evening and arrives in Ubon shortly after breakfast, have been almost sold out at weekends for the past two months. Occupancy on weekdays has also risen, officials said.

"The new timetable lets people finish work, have dinner and get on the train," said Rattana Pholsena, a railway official in Ubon Ratchathani. "They wake up at their destination without paying for a hotel. Families like it, and so do young people."

## New carriages

The sleeper carriages, which have air conditioning, individual reading lights, charging points and clean toilets, replaced rolling stock that had been in service for decades. Passengers can choose between upper and lower berths, and first-class compartments are available for two people.

Fares start at a few hundred baht for a seat and rise to about 1,500 baht for a private compartment, making the train cheaper than most flights and more comfortable than overnight buses.

"I took the night bus before and could never sleep," said Napat Inthanon, 26, an office worker travelling home for a family wedding. "On the train I slept seven hours. I will not go back to the bus."

## Tourism boost for Isan

Tourism officials in the northeast hope the train's popularity will bring more visitors to a region that receives far fewer tourists than the north or the beaches of the south. Ubon is known for its candle festival, Mekong scenery and national parks.

Guesthouse owners said they had noticed more young visitors from Bangkok arriving on the morning train. "They come on Friday night, stay two nights and go back on Sunday night," said guesthouse owner Kanlaya Duangjai. "It is a new kind of customer for us."

The railway said it planned to add carriages at peak periods and was considering similar timetable changes on routes to Nong Khai and Chiang Mai. Tickets can be booked up to 90 days in advance online.`,
		Scene:    "night",
		Caption:  "A village in the northeast under the moon and stars, where the overnight service now arrives before dawn.",
		Credit:   "Illustration: Dateline",
		Alt:      "Illustration of a village at night, lit windows under the moon and stars",
		HoursAgo: 150,
	},
	{
		Title:    "Muay Thai gyms report boom in foreign students seeking long stays",
		Section:  "sport",
		Author:   "somchai-rattanakul",
		Dateline: "BANGKOK",
		Tags:     []string{"Muay Thai", "Tourism"},
		Excerpt:  "Training camps from Bangkok to Phuket say more visitors are staying for months rather than days, helped by visa rules aimed at long-stay travellers.",
		Body: `Muay Thai gyms across Thailand are reporting a surge in foreigners signing up for long training stays, with some camps in Bangkok and Phuket saying they are fully booked months in advance.

Owners say the trend has been driven partly by social media, where fighters and fitness influencers share videos of training sessions, and partly by visa rules that make it easier for visitors to stay for longer periods to study Thai culture and martial arts.

At a gym in a quiet soi in Bang Kapi, about 40 students from a dozen countries were working on pads and heavy bags in the morning heat. Trainer Sakchai Boonrueang, a former stadium fighter with more than 200 bouts, moved between them correcting their stance.

"Ten years ago, the foreigners came for one week, took photos and left," he said. "Now they stay three months, six months. Some of them fight in local stadiums. Some of them are better than Thai boys."

## Economic boost

Long-stay students spend money on accommodation, food, supplements and equipment, and many travel around the country between training blocks. Gym owners say a single student can spend 60,000 to 100,000 baht a month.

"For the neighbourhood, it is good business," said gym owner Chanthira Mahasuk. "The noodle shop, the laundry, the condominium, the massage shop: everyone benefits."

Sophie Laurent, a 28-year-old nurse from Lyon, said she had saved for two years to spend four months at the gym. "In France I trained twice a week. Here it is twice a day, six days a week. My body hurts everywhere, but I am so happy," she said.

## Concerns over standards

The rapid growth has raised concerns about safety and the quality of instruction at some newer gyms. Industry groups have called for a certification scheme for trainers and clearer rules on medical checks for amateur fights involving foreigners.

Sports officials said they were working with the sport's governing bodies on guidelines for training camps and fight promotions, with the aim of protecting the reputation of Muay Thai as it seeks wider international recognition.`,
		Scene:    "city",
		Caption:  "Towers of central Bangkok at dusk, where boxing camps now take students from abroad for months at a time.",
		Credit:   "Illustration: Dateline",
		Alt:      "Illustration of a city skyline at dusk with lit windows",
		HoursAgo: 170,
	},
	{
		Title:    "Kenyan farmers plant drought-tolerant maize as rains fail again",
		Section:  "world",
		Author:   "anna-lindqvist",
		Dateline: "NAIROBI",
		Tags:     []string{"Climate", "Agriculture", "Africa"},
		Excerpt:  "Seed companies say demand for hardier varieties has doubled in two years as farmers in eastern Kenya adapt to shorter and less reliable rainy seasons.",
		Body: `Farmers in eastern Kenya are switching to drought-tolerant varieties of maize and sorghum in growing numbers after another poor rainy season, as the country's agricultural sector tries to adapt to weather that has become harder to predict.

Seed companies say sales of hardier varieties have roughly doubled in two years. The seeds, developed by public research institutes and private breeders, produce smaller harvests in good years but are far less likely to fail completely when the rains stop early.

"My father planted the same maize every year and we always had something to eat," said Mary Wanjiku, who farms two acres a few hours' drive from Nairobi. "Now one season is good and the next two are bad. With the new seed I harvested half a crop this year. My neighbours who planted the old seed harvested nothing."

## Shorter seasons

Kenya has two main rainy seasons, the long rains and the short rains. Meteorologists say both have become more erratic, with rain arriving later, stopping earlier, or falling in short, heavy bursts that run off the land instead of soaking in.

Agricultural researchers say seeds alone are not enough. "Drought-tolerant seed buys a farmer a few weeks. To really adapt you also need water harvesting, better soil and access to weather information," said Dr. Peter Otieno, a crop scientist in Nairobi.

## Sorghum makes a comeback

Some farmers are returning to sorghum and millet, traditional grains that were largely replaced by maize during the last century. Breweries and food processors have helped by offering contracts to buy sorghum at guaranteed prices.

Traders say the shift could have effects beyond Kenya. East African countries import large quantities of rice and wheat in poor harvest years, and food prices in the region are sensitive to swings in global markets.

Thailand and Vietnam, the main suppliers of rice to East Africa, have seen demand from the region rise when local harvests fail. Thai exporters said they were closely watching conditions in Kenya and neighbouring countries.

Aid agencies warned that even with better seed, many households would need support to get through the months before the next harvest.`,
		Scene:    "fields",
		Caption:  "Farmers on terraced fields in eastern Kenya, where growers are switching to hardier seed.",
		Credit:   "Illustration: Dateline",
		Alt:      "Illustration of terraced fields on a hillside, farmers in conical hats and a hut on stilts",
		HoursAgo: 175,
	},
	{
		Title:    "Electric-vehicle makers expand Thai plants despite price war",
		Section:  "business",
		Author:   "david-hartley",
		Dateline: "RAYONG",
		Tags:     []string{"Electric vehicles", "Manufacturing", "Investment"},
		Excerpt:  "Carmakers are adding production lines in the eastern industrial belt even as discounting squeezes margins and dealers struggle with unsold stock.",
		Body: `Electric-vehicle makers are pressing ahead with plans to expand production in Thailand's eastern industrial belt, even as a fierce price war squeezes profits and dealers struggle to sell cars already on their forecourts.

Two manufacturers announced new investment this month in plants in Rayong and Chonburi, adding production lines for battery packs and smaller, cheaper models aimed at first-time buyers in Thailand and export markets in Southeast Asia and Australia.

Most of the new capacity belongs to Chinese-owned companies that were attracted by incentives requiring importers to build cars locally in return for tax breaks. Thailand has long been the largest car-manufacturing hub in Southeast Asia, but most of its output has been petrol and diesel vehicles made by Japanese brands.

"Thailand has the suppliers, the ports, the skilled workers and government support," said Li Wen, managing director of one manufacturer's Thai operations. "Price competition is difficult in the short term, but we are investing for the next 20 years."

## Dealers under pressure

Repeated price cuts have angered some early buyers, who saw the value of their cars fall sharply, and put pressure on dealers holding stock bought at higher prices. Industry figures show domestic EV sales have grown more slowly this year than manufacturers expected, partly because banks have tightened lending for car loans.

"Customers come in and ask: will the price go down again next month? So they wait," said Krisada Thongsuk, who manages a dealership in Bangkok. "Nobody wants to be the last person to pay full price."

## Suppliers adapt

The shift to electric vehicles is also forcing change on Thailand's hundreds of auto parts suppliers, many of which make components such as exhaust systems and fuel pumps that electric cars do not need.

Investment promotion officials said the new projects would create about 3,000 jobs and that exports of electric vehicles and batteries should rise as the new plants reach full production.

Industry analysts said the local market was likely to see further consolidation, with smaller brands struggling to survive the price war. "There are too many brands chasing too few buyers," said Pimchanok Rattanaporn, an automotive analyst. "In three years there will be fewer names on the showroom floor."`,
		Scene:    "city",
		Caption:  "Rayong's skyline at dusk; new production lines are planned on the province's industrial estates.",
		Credit:   "Illustration: Dateline",
		Alt:      "Illustration of towers with lit windows along the water at dusk",
		HoursAgo: 190,
		Comments: []reply{
			{Name: "Chaiya M.", Email: "chaiya.m@example.com", Text: "I bought an EV last year and it lost a third of its value in twelve months because of the price cuts. Buyers should be careful.", ReplyTo: -1},
			{Name: "Helen Brooks", Email: "hbrooks@example.org", Text: "Cheaper cars are good for consumers in the long run. Early adopters always pay more, with any technology.", ReplyTo: 0},
			{Name: "Wut T.", Email: "wut.t@example.com", Text: "The bigger worry is the parts suppliers. My town depends on two factories that make exhaust systems.", ReplyTo: -1},
		},
	},
	{
		Title:    "Phuket tightens rules on scooter rentals after rise in tourist crashes",
		Section:  "thailand",
		Author:   "somchai-rattanakul",
		Dateline: "PHUKET",
		Tags:     []string{"Tourism", "Road safety", "Phuket"},
		Excerpt:  "Rental shops must check riders' licences and supply helmets, and police will step up checkpoints near beaches popular with visitors.",
		Body: `Rental shops in Phuket will be required to check that customers hold a valid motorcycle licence and to provide a helmet with every scooter, under new rules announced by provincial authorities after a rise in road accidents involving foreign visitors.

Provincial officials said more than 300 foreigners had been treated at hospitals on the island for injuries from motorcycle accidents in the first half of the year, and several had died. Many of those involved had little or no experience of riding a motorcycle, they said.

"Tourists see the scooter as part of the holiday. They do not see the danger," said Thawatchai Meesuk, a deputy governor of the province. "Our roads are hilly, the rain comes suddenly and the traffic is heavy. It is not the place to learn."

## What changes

Under the new rules:

- rental shops must record each customer's licence details and keep a copy
- riders without a motorcycle licence from their home country or an international permit will not be allowed to rent
- every rental must include a helmet that meets Thai safety standards
- shops that break the rules face fines and the possible loss of their business licence

Police will also set up more checkpoints on roads near Patong, Kata and Karon beaches, where many accidents occur.

## Mixed reaction from shops

Some rental shop owners said the rules would hurt business, as many visitors do not hold motorcycle licences. Others welcomed them, saying responsible shops had been undercut by competitors that rented to anyone.

"I have seen customers come back with blood on their legs many times," said Jirawan Sae-tang, who runs a rental shop in Kata. "If the rules are the same for everyone, I am happy to follow them."

Travel insurers have long warned that policies often do not cover accidents when the rider has no valid licence, leaving some injured tourists facing large hospital bills.

Tourism business groups said they supported the safety measures but asked the authorities to improve public transport on the island so that visitors had alternatives. Phuket has limited bus services, and many travellers consider taxi fares high.`,
		Scene:    "sea",
		Caption:  "A sailing boat off Phuket, whose rules for tourists renting vehicles are being tightened.",
		Credit:   "Illustration: Dateline",
		Alt:      "Illustration of a sailing boat on the sea with an island on the horizon",
		HoursAgo: 210,
		Comments: []reply{
			{Name: "Greg Tanner", Email: "gtanner@example.com", Text: "About time. I have seen tourists in flip-flops with no helmet carrying a passenger up the hill out of Patong.", ReplyTo: -1},
			{Name: "Apinya C.", Email: "apinya.c@example.org", Text: "Rules are fine, but enforcement is the question. We had similar rules before and the checkpoints disappeared after a few months.", ReplyTo: -1},
		},
	},
	{
		Title:    "Why global food prices may stay high even as harvests recover",
		Section:  "world",
		Author:   "pranee-wongsakul",
		Dateline: "",
		Tags:     []string{"Food prices", "Rice", "Inflation"},
		Excerpt:  "Better harvests should ease the pressure on the cost of staples, but energy, shipping and the weather mean shoppers are unlikely to see a return to cheap food.",
		Body: `After several years of rising prices at markets and supermarkets, there is some good news for shoppers: harvests of wheat, maize and rice have recovered in many of the world's main growing regions, and international prices for several staples have fallen from their peaks.

Yet economists and traders caution that the era of cheap food may not return soon. A combination of higher energy costs, more expensive shipping, extreme weather and changing trade policies has raised the floor under food prices, even when crops are plentiful.

## Energy and fertiliser

Modern farming depends heavily on energy, from diesel for tractors and pumps to the natural gas used to make nitrogen fertiliser. When energy prices rise, the cost of growing food rises with them, usually after a delay of a season or two.

"Farmers decide how much fertiliser to buy months before the harvest. High prices then mean lower yields or higher costs later," said Elena Rossi, an agricultural economist based in Rome. "That chain does not reverse quickly."

## Weather as a constant risk

Extreme weather has become a regular feature of global food markets. Droughts, floods and heatwaves in a single major producing country can move international prices within days, and such events are becoming more frequent.

Rice is a case in point. Only a small share of the world's rice is traded internationally, so a poor harvest or an export restriction by one large producer can have an outsized effect on prices for importing countries.

## What it means for Thailand

For Thailand, which is both a major food exporter and a country where many households spend a large share of their income on food, the picture is mixed.

- Higher export prices benefit farmers and exporters of rice, cassava, sugar and chicken.
- Urban households, especially low-income families, feel the pinch at the market.
- The government faces pressure to cap the prices of essentials, which can squeeze small retailers and food vendors.

"The people who lose most are those who buy all their food and grow none of it," said Dr. Nipon Sirichai, an economist at a Bangkok research institute. "For them, a ten-baht rise in the price of a plate of rice is a real cut in living standards."

## A slow adjustment

Few analysts expect a sharp spike in food prices in the coming months, barring a major weather shock. But most expect prices to settle at a level well above where they were a decade ago.

Governments across Asia are responding by investing in irrigation, storage and crop research, and by trying to reduce waste between farm and table. Those efforts take years to bear fruit. For now, shoppers will have to get used to paying more.`,
		MustRead: true,
		Scene:    "chart-rise",
		Caption:  "Food prices, the rising chart, remain well above their levels of a decade ago.",
		Credit:   "Dateline graphics",
		Alt:      "Illustrated line chart rising to the right, with bars below",
		HoursAgo: 230,
		Comments: []reply{
			{Name: "Liam O'Connor", Email: "liam.oc@example.org", Text: "Clear explainer. I would add that supermarket margins have grown too, which the article does not mention.", ReplyTo: -1},
			{Name: "Noppadon K.", Email: "noppadon.k@example.com", Text: "Margins are part of it, but in Thailand most fresh food is still bought at markets, not supermarkets. Farm and energy costs matter more here.", ReplyTo: 0},
		},
	},
	{
		Title:    "Data centre boom tests Thailand's power grid planners",
		Section:  "technology",
		Author:   "anna-lindqvist",
		Dateline: "CHONBURI",
		Tags:     []string{"Data centres", "Energy", "Investment"},
		Excerpt:  "Global cloud companies are building server farms in the east of the country, raising questions about where the electricity, and the water to cool them, will come from.",
		Body: `Global technology companies are racing to build data centres in Thailand's eastern provinces, attracted by land, tax incentives and the country's position at the centre of mainland Southeast Asia. But the rush is forcing energy planners to rethink how much electricity the country will need and where it will come from.

At least a dozen large data centre projects have been approved in Chonburi, Rayong and around Bangkok over the past two years, according to industry estimates. Once complete, they could use as much electricity as several hundred thousand homes.

"Data centres are a new kind of customer for us. They need a huge amount of power, all the time, with no interruptions," said Kittisak Amornrat, an engineer who works on grid planning at a state power utility. "We can supply it, but the lines and substations need to be built first, and that takes years."

## Demand for clean energy

Many of the companies building data centres have pledged to run their operations on renewable energy, and they want to buy solar and wind power directly from producers. Thailand's power market has traditionally been dominated by state utilities, and direct purchases of green electricity have been limited.

The government has introduced a scheme allowing some large users to buy renewable power through the grid at a premium, and industry groups are pushing for it to be expanded.

## Water worries

Data centres can also use large quantities of water for cooling, a concern in eastern provinces that have faced shortages in dry years. Factories in the region already compete with farms and towns for supplies from a small number of reservoirs.

"Nobody is against investment, but people here remember the years when the taps ran dry," said Sunee Wongchai, a community leader in Rayong province. "We want to know how much water these buildings will use before they are built, not after."

Operators say newer designs use far less water, and some plan to recycle treated waste water. Environmental groups have called for each project to publish its expected energy and water use.

## Jobs and skills

Officials say the projects will bring skilled jobs, although data centres employ relatively few people once they are built. Universities in the region have started short courses in data centre engineering to meet demand from operators.`,
		Scene:    "night",
		Caption:  "Lit windows in houses under the moon in the eastern provinces, where demand for power is climbing.",
		Credit:   "Illustration: Dateline",
		Alt:      "Illustration of houses with lit windows below the hills at night, under the moon and stars",
		HoursAgo: 240,
	},
	{
		Title:    "Japan's rural towns court foreign workers to keep clinics open",
		Section:  "asia",
		Author:   "anna-lindqvist",
		Dateline: "AKITA",
		Tags:     []string{"Japan", "Ageing", "Migration", "Public health"},
		Excerpt:  "With young people leaving and the population ageing fast, towns in northern Japan are recruiting nurses and care workers from Southeast Asia, including Thailand.",
		Body: `In the small hospital of a farming town in the mountains of Akita prefecture, a quarter of the care workers on the night shift now come from Southeast Asia. Without them, the hospital's director says, the elderly care ward would have closed two years ago.

Towns across rural Japan are competing to attract nurses and care workers from the Philippines, Indonesia, Vietnam and, increasingly, Thailand, as the country's population shrinks and ages faster than almost anywhere else in the world. In some villages in the region, more than half of residents are over 65.

"Young Japanese people go to Tokyo and do not come back," said Dr. Hiroshi Tanabe, the hospital's director. "We offered higher salaries, free housing, everything. It was not enough. The workers from abroad saved this hospital."

## Language and loneliness

Foreign workers must pass Japanese language tests and, for nurses, a national licensing exam that many find extremely difficult. Towns have started offering free lessons, help with exam preparation and subsidised housing.

Supaporn Kaewmala, 31, a Thai nurse from Nakhon Ratchasima, arrived three years ago and now works on the hospital's elderly care ward. "The first winter I cried every night. So much snow, and nobody to speak Thai with," she said. "Now the grandmothers on the ward call me by my nickname and bring me pickles from their gardens."

She sends part of her salary home to her parents and hopes to bring her younger sister to work in the same town.

## Policy shift

Japan has gradually relaxed its immigration rules over the past decade, creating new visa categories for workers in sectors with severe labour shortages, including care, agriculture and construction. Some categories now allow workers to stay long-term and bring their families.

Critics say the system still treats foreign workers as temporary labour and offers too little protection against exploitation. Rights groups have documented cases of unpaid overtime and poor housing, particularly at smaller companies.

Local officials say rural towns have a strong incentive to treat workers well because they want them to stay. "If we are not a good place to live, they will go to the cities like our own young people," said Yuko Sasaki, an official in the town's welfare office. "We are not doing this as charity. We need them."

For Thailand, which faces its own ageing challenge, the trend raises questions about how long it can keep its trained nurses at home.`,
		MustRead: true,
		Scene:    "mountains",
		Caption:  "Mist over the mountains above a farming town in northern Japan.",
		Credit:   "Illustration: Dateline",
		Alt:      "Illustration of misty mountain ridges with pine trees in front",
		HoursAgo: 260,
	},
	{
		Title:    "Mekong fishers report smaller catches as river levels swing",
		Section:  "environment",
		Author:   "anna-lindqvist",
		Dateline: "NONG KHAI",
		Tags:     []string{"Mekong", "Fisheries", "Climate"},
		Excerpt:  "Fishing families along the Thai bank say catches have fallen sharply and that the river now rises and drops in ways their grandparents never saw.",
		Body: `Fishing families along the Thai bank of the Mekong say their catches have fallen sharply over the past decade, and that the river now rises and falls in ways that make it harder to know when and where to set their nets.

In a riverside village north of the provincial town, Boonmee Saenkham, 63, pulled in a gill net that had been in the water overnight. It held four small fish. "When I was young, one night could fill a basket," he said. "Now some nights we catch nothing and we go to the market to buy fish."

## Changing flows

Researchers say several factors are behind the decline, including dams on the main river and its tributaries, which hold back water in the wet season and release it in the dry season, and the loss of flooded forests and wetlands where fish breed.

Changes in rainfall linked to a warming climate have also made the river's natural flood pulse less predictable. Many Mekong fish species rely on rising water to trigger migration and spawning.

"The Mekong's fish follow a calendar that has worked for thousands of years. If the water arrives at the wrong time, or does not stay long enough, the fish do not breed," said Dr. Kanokporn Thammasak, a fisheries scientist at a university in the northeast.

## Searching for other work

As catches fall, younger villagers have left for jobs in Bangkok or abroad. Some families have turned to raising fish in ponds or in cages in the river, which requires money for feed and fingerlings.

> "Fishing is not only food and money. It is our way of life. My grandchildren do not know the names of the fish I caught as a boy." — Boonmee Saenkham, fisherman

Local conservation groups have set up fish conservation zones in deep pools along the river, where fishing is banned to allow stocks to recover. Villagers say the zones have helped, but only in the immediate area.

Environmental groups have called on dam operators to publish their release schedules and to time releases so that they resemble the river's natural seasonal floods. Officials from Thailand and Laos meet regularly to discuss the shared fishery, but villagers say they rarely hear what is agreed.`,
		Scene:    "river",
		Caption:  "A long-tail boat heads down the river between rice paddies and palms.",
		Credit:   "Illustration: Dateline",
		Alt:      "Illustration of a small boat on a river winding through rice paddies",
		HoursAgo: 280,
		Comments: []reply{
			{Name: "Anong P.", Email: "anong.p@example.com", Text: "My family is from a village near Nong Khai and it is exactly like this. Thank you for telling this story.", ReplyTo: -1},
			{Name: "Victor Chen", Email: "vchen@example.org", Text: "Dams are part of it, but fine-mesh nets and overfishing have also done a lot of damage. Not everything can be blamed on upstream countries.", ReplyTo: -1},
			{Name: "Anong P.", Email: "anong.p@example.com", Text: "That is true in some places, which is why the conservation zones matter. Villagers enforce them themselves.", ReplyTo: 1},
		},
	},
	{
		Title:    "Thai golfer claims first professional title with final-round 66",
		Section:  "sport",
		Author:   "somchai-rattanakul",
		Dateline: "KUALA LUMPUR",
		Tags:     []string{"Golf", "Malaysia"},
		Excerpt:  "Ploy Sirirat, 22, came from three shots behind to win a regional tour event by two strokes and earn starts in bigger tournaments next season.",
		Body: `Ploy Sirirat, a 22-year-old from Hua Hin, won her first professional title with a six-under-par final round of 66, coming from three shots behind to win a regional women's tour event outside the Malaysian capital by two strokes.

Ploy, who turned professional last year after a successful amateur career, made five birdies on the back nine, including three in a row from the 14th, as the overnight leaders struggled in the afternoon heat and a swirling wind.

She finished on 13 under par for the four rounds, two ahead of Malaysia's Nur Aisyah Rahman and three ahead of South Korea's Park Ji-won, who had led after each of the first three rounds.

"I did not look at the leaderboard until the 17th. My caddie told me not to," Ploy said after receiving the trophy. "When I saw my name at the top, my hands started shaking. I just tried to breathe and make a normal swing."

## Family support

Ploy was introduced to golf at the age of seven by her father, a groundskeeper at a course in Hua Hin, and practised in the early mornings before members arrived. Her parents travelled to Malaysia to watch the final round.

"Her father used to cut the grass and she would follow him with a club bigger than she was," said her mother, Rungnapa. "We never imagined this."

## Thai women's golf on the rise

Thailand has produced a string of successful women golfers in recent years, and its junior programmes are now among the strongest in Asia. Coaches credit a generation of players who inspired young girls to take up the game, along with a growing network of junior tournaments.

The win earns Ploy places in several bigger tournaments next season and lifts her into the top five of the tour's order of merit.

She will return to Thailand for two weeks before travelling to Japan for her next event. "First I want to eat my mother's cooking," she said.`,
		Scene:    "fields",
		Caption:  "Terraced hills near the course outside Kuala Lumpur where the final round was played.",
		Credit:   "Illustration: Dateline",
		Alt:      "Illustration of terraced fields on a hillside with a hut and a palm",
		HoursAgo: 290,
	},
	{
		Title:    "Brazilian city turns to rooftop solar to cut household power bills",
		Section:  "world",
		Author:   "david-hartley",
		Dateline: "SAO PAULO",
		Tags:     []string{"Solar power", "Energy", "Climate"},
		Excerpt:  "A municipal scheme that lets residents pay for panels through their property tax bills has put solar on thousands of homes in working-class neighbourhoods.",
		Body: `A municipal programme that allows residents to pay for rooftop solar panels through their property tax bills has put panels on thousands of homes on the working-class outskirts of Sao Paulo, offering a possible model for other large cities in developing countries.

Under the scheme, the city arranges bulk purchases of panels and installation from approved contractors, and homeowners repay the cost over ten years through a small monthly addition to their property taxes. Because the panels cut electricity bills by more than the repayments, most households save money from the first month, officials said.

"People here always thought solar was for rich houses in the nice neighbourhoods," said Ana Paula Ferreira, who manages the programme for the city's environment department. "Now the rich neighbourhoods are asking why the periphery got it first."

## Savings for families

In the eastern district where the programme began, Jose Carlos Almeida, a retired bus driver, said his monthly electricity bill had fallen by more than half. "With the money I save, I pay for my granddaughter's English classes," he said.

About 12,000 homes have joined the scheme in its first two years, and the city plans to extend it to small businesses and schools.

## Grid challenges

The rapid growth of rooftop solar has created challenges for power distributors, which must manage electricity flowing back into the grid from thousands of small producers in the middle of the day. Utilities have asked for changes to rules that allow solar owners to offset their bills with the power they export.

Energy analysts said the approach could be adapted by cities in Asia, including Bangkok, where rooftop solar has spread mainly among wealthier households and businesses. "The technology is cheap now. The barriers are the upfront cost and the paperwork," said Marcelo Tavares, an energy consultant. "If the city solves those two problems, people will do it."

Brazil has become one of the world's fastest-growing markets for small-scale solar, helped by falling panel prices and generous rules for households that generate their own electricity. Climate campaigners say schemes aimed at lower-income homes also help build public support for the shift away from fossil fuels.`,
		Scene:    "city",
		Caption:  "The towers of Sao Paulo at dusk; thousands of homes on its edge now make their own electricity.",
		Credit:   "Illustration: Dateline",
		Alt:      "Illustration of a city skyline at dusk, mirrored in the water",
		HoursAgo: 300,
	},
	{
		Title:    "Provincial council elections test turnout in a year of voter fatigue",
		Section:  "thailand",
		Author:   "pranee-wongsakul",
		Dateline: "",
		Tags:     []string{"Elections", "Local government"},
		Excerpt:  "Local polls rarely make headlines in Bangkok, but they decide who runs roads, schools and clinics. This year, parties fear many voters will simply stay at home.",
		Body: `Elections for provincial administrative organisations rarely make the front pages in Bangkok. Candidates campaign from the backs of pickup trucks, posters are tied to lamp posts along rural highways, and results are announced late at night in provincial halls with little national attention.

Yet the councils and their elected presidents control budgets worth billions of baht, spent on rural roads, water supply, schools, sports grounds and health centres. For many people outside the capital, they are the part of government they deal with most directly.

This year, candidates and party organisers say their biggest opponent is apathy.

## Why turnout matters

Turnout in local elections has historically been lower than in national polls, and party officials worry it could fall further after a busy period of national politics that has left many voters weary.

"People tell me they have voted enough," said a campaign manager for a candidate in a central province, who asked not to be named. "They do not see what difference the provincial council makes, even though the road outside their house was built by it."

Low turnout tends to favour candidates with strong local networks of village heads and canvassers, who can mobilise reliable blocs of voters. Reform-minded candidates, who rely more on younger and urban voters, need higher participation to win.

## Old networks, new campaigns

Long-established political families have dominated local government in many provinces for decades. In some, the council presidency has passed between siblings or from parent to child across several terms.

Challengers this year are using social media more heavily than ever, livestreaming debates and village visits. Some have built campaigns around specific promises, such as clean water systems or better school buses, rather than party labels.

"Local voters are practical. They want to know who will fix the flooding on their road," said Dr. Kamol Saetang, a political scientist at a university in the northeast. "The candidates who win will be the ones who make local government feel relevant again."

## What to watch

- **Turnout**, especially among younger voters registered in their home provinces but living elsewhere
- **Vote-buying complaints**, which election officials have promised to investigate quickly
- **New faces** in provinces long dominated by a single family

Whatever the outcome, the results will give national parties a reading of their strength on the ground ahead of the next general election.`,
		Scene:    "city",
		Caption:  "A provincial capital's skyline at dusk ahead of local elections.",
		Credit:   "Illustration: Dateline",
		Alt:      "Illustration of city towers with lit windows at dusk",
		HoursAgo: 330,
	},
	{
		Title:    "Household debt keeps a lid on Thai consumer spending",
		Section:  "business",
		Author:   "david-hartley",
		Dateline: "",
		Tags:     []string{"Household debt", "Economy", "Interest rates"},
		Excerpt:  "Thai families owe close to nine-tenths of the country's annual output. Economists say the burden will weigh on growth for years, whatever the central bank does with rates.",
		Body: `Walk through any Bangkok shopping mall at the weekend and it can be hard to believe that Thai consumers are under strain. Restaurants are full and queues form outside new cafes. But beneath the surface, economists say, the country's high level of household debt is quietly holding back spending and growth.

Thai households owe a sum equivalent to close to 90 percent of the country's gross domestic product, one of the highest ratios among emerging economies. Much of the debt is in mortgages, car loans and credit cards, but a large share is owed by lower-income families to informal lenders charging high interest.

## Why it matters

When households spend a large share of their income on repayments, they have less to spend on goods and services. That weighs on retailers, restaurants and the many small businesses that depend on domestic demand.

"A family paying 40 percent of its income to banks and loan sharks does not go shopping, no matter how many promotions the malls run," said Dr. Siriwan Pattanapong, an economist at a Bangkok research institute. "This is a slow brake on the whole economy."

## Who owes what

The burden is not spread evenly. Economists point to several groups under particular pressure:

- farmers, many of whom borrow against future harvests and struggle after poor seasons
- young workers who bought cars and phones on easy credit
- small business owners who borrowed to survive the pandemic years
- older people who guaranteed loans for their children

Growing numbers of borrowers have fallen behind on car loans in particular, leading banks to tighten lending. That in turn has hit car sales and the automotive industry.

## A dilemma for policymakers

High debt complicates the job of the Bank of Thailand. Lower interest rates would ease repayments for existing borrowers but could encourage more borrowing. Higher rates would discourage new debt but push more families into difficulty.

The central bank has introduced rules requiring lenders to offer struggling borrowers restructuring options and to lend more responsibly, and the government has run programmes to help people move debts from informal lenders into the banking system.

"There is no quick fix. Debt built up over fifteen years will take years to come down," said Siriwan. "The priority is to help people earn more, so that they can repay without cutting spending on food and education."

For now, economists expect consumer spending to grow only modestly, leaving exports and tourism to do most of the work of driving growth.`,
		Scene:    "chart-rise",
		Caption:  "Household debt, the rising chart, has stayed close to nine-tenths of the size of the economy.",
		Credit:   "Dateline graphics",
		Alt:      "Illustrated line chart rising to the right, with bars below",
		HoursAgo: 350,
	},
	{
		Title:    "Wild elephants return to farmland as forest corridors shrink",
		Section:  "environment",
		Author:   "somchai-rattanakul",
		Dateline: "PRACHUAP KHIRI KHAN",
		Tags:     []string{"Wildlife", "Forests", "Agriculture"},
		Excerpt:  "Pineapple and sugarcane growers on the edge of a western national park say elephants now raid their fields almost nightly. Officials are testing ways to keep both safe.",
		Body: `Farmers on the edge of a national park in western Thailand say wild elephants now enter their fields almost every night, eating and trampling pineapple, sugarcane and banana crops as the animals search for food beyond the forest.

Wildlife officials say the number of elephants in the park has grown steadily thanks to protection efforts, while the forest corridors they once used to move between feeding areas have been cut by roads, farms and resorts.

"We are happy the elephants are not disappearing, but we cannot live like this," said Samran Khongkhaew, a pineapple farmer who has lost about half of his crop this year. "Every night my sons and I sit in a hut at the edge of the field with torches and firecrackers. We are very tired."

## Conflicts on the rise

Encounters between people and elephants have increased across Thailand in recent years, with injuries and deaths on both sides. Elephants have been struck by vehicles on highways and, in some cases, killed by illegal electric fences.

Park officials said they were testing several approaches to reduce conflict:

- early-warning systems using cameras and sensors that send text messages to villagers when elephants approach
- trenches and beehive fences, which elephants tend to avoid
- planting crops elephants do not like, such as chillies and lemongrass, along field edges
- restoring water sources and grazing areas inside the park

"The goal is to keep elephants in the forest by making the forest a better place for them, and the farms less attractive," said Nattapong Sriwichai, a wildlife official working on the project.

## Compensation questions

Farmers can apply for compensation for crop damage, but many say payments are small and slow. Local officials said they were discussing a simpler system and possible insurance schemes.

Conservationists stress that elephants are a protected species and a national symbol, and warn against any response that harms them. "The elephants were here first. But we also have to respect that farmers need to make a living," said Dr. Anchalee Wongwan, an elephant researcher. "Solutions must work for both."`,
		Scene:    "forest",
		Caption:  "Mist in the forest on the edge of a western national park, where the herds have grown.",
		Credit:   "Illustration: Dateline",
		Alt:      "Illustration of a pine forest in mist under a low sun",
		HoursAgo: 360,
	},
	{
		Title:    "Shipping costs climb as insurers reprice risk on busy sea lanes",
		Section:  "world",
		Author:   "david-hartley",
		Dateline: "LONDON",
		Tags:     []string{"Shipping", "Trade", "Exports"},
		Excerpt:  "Higher war-risk and cargo premiums are adding to freight bills for Asian exporters, who say the costs are eating into already thin margins.",
		Body: `Marine insurers have raised premiums for vessels passing through several busy shipping routes, adding to freight costs for Asian exporters already coping with longer voyages and congested ports, according to brokers and shipping companies.

Premiums for war-risk cover, which protects ships and cargo against damage from conflict, have risen several-fold on some routes over the past year, brokers in London said. Some shipowners have chosen to avoid higher-risk waters altogether, sending their vessels on longer routes that add days to voyages and raise fuel bills.

"Insurance is only one piece of the cost, but it is the piece that has moved fastest," said Charlotte Barnes, a marine insurance broker. "Underwriters are pricing in a world where disruption is no longer unusual."

## Costs passed down the chain

Container lines have introduced surcharges to cover the extra costs, which are passed on to exporters and importers. For exporters in Thailand and Vietnam shipping to Europe, the combined effect of longer routes and higher charges has added significantly to the cost of each container.

"Our margin on canned fruit is maybe five percent. When freight goes up like this, we either raise prices and lose customers or we make no money," said Surapong Chaiwattana, an exporter in Bangkok. "Some months we do both."

## Ports under strain

Longer voyages mean ships arrive at irregular times, causing congestion at some ports in Asia and Europe and delaying the return of empty containers to Asian exporters.

Logistics companies said the situation had improved from its worst point but remained unpredictable. Many shippers are booking space further in advance and holding more stock to guard against delays.

Economists say higher shipping costs could add modestly to inflation in importing countries, though the effect is smaller than during the supply chain disruption of the pandemic years.

For Thailand's export sector, which relies heavily on sea freight, the extra costs come on top of weak demand in some markets and a strong currency. Exporters' associations have asked the government to help by reducing port fees and speeding up customs clearance.`,
		Scene:    "sea",
		Caption:  "A sailing boat on open water in the Andaman Sea, on one of the busy routes where insurers are repricing risk.",
		Credit:   "Illustration: Dateline",
		Alt:      "Illustration of a sailing boat on open sea, an island on the horizon",
		HoursAgo: 380,
	},
	{
		Title:    "ASEAN officials draft common rules for cross-border QR payments",
		Section:  "asia",
		Author:   "anna-lindqvist",
		Dateline: "KUALA LUMPUR",
		Tags:     []string{"ASEAN", "Digital payments", "Banking", "Malaysia"},
		Excerpt:  "Tourists and traders could soon pay with their home banking apps in most of Southeast Asia, as central banks work on shared standards for linking national systems.",
		Body: `Central bank and finance officials from Southeast Asian countries agreed on a draft set of common rules for linking national QR code payment systems, a step that could eventually let travellers and small traders pay across most of the region using their home banking apps.

Several countries in the region have already connected their systems in pairs, allowing, for example, a Thai tourist in Kuala Lumpur to scan a Malaysian QR code and pay from a Thai bank account. But each link has been negotiated separately, with different rules on fees, limits and disputes.

"Today we have many bridges, each built in a different way," said Farah Ismail, a Malaysian official who chaired the working group. "The goal is to agree on one design, so that any country can connect to any other more quickly and at lower cost."

## What the draft covers

The draft framework sets out common standards for:

- the format of QR codes and the data they carry
- how exchange rates are calculated and shown to users before they pay
- maximum fees that can be charged to consumers and merchants
- the handling of disputes, refunds and suspected fraud

Officials said the framework would be voluntary and that each country would decide when to adopt it.

## Small traders stand to gain

For market vendors and small shops in tourist areas, cross-border QR payments can mean more sales without the need for card terminals or foreign currency. For tourists, they remove the need to carry cash or pay high card fees.

"Before, foreign customers asked if I take cards and I said no, and they walked away," said Lim Siew Ling, who sells batik scarves at a market in Kuala Lumpur. "Now Thai and Indonesian customers just scan. It is good for business."

## Remaining hurdles

Differences in rules on data privacy, anti-money laundering checks and foreign exchange controls remain obstacles, officials said. Some countries require detailed reporting of transfers abroad, which can slow payments down.

Banking analysts said the project fitted into a wider effort to reduce the region's reliance on international card networks, though officials stressed that the aim was convenience and lower costs for users.`,
		Scene:    "market",
		Caption:  "Shoppers at the fruit stalls of a market in Kuala Lumpur, where more traders now take payments from abroad.",
		Credit:   "Illustration: Dateline",
		Alt:      "Illustration of market stalls under strings of lanterns, shoppers in front",
		HoursAgo: 400,
	},
	{
		Title:    "Singapore tests driverless shuttles on public roads in business district",
		Section:  "technology",
		Author:   "anna-lindqvist",
		Dateline: "SINGAPORE",
		Tags:     []string{"Autonomous vehicles", "Transport", "Singapore"},
		Excerpt:  "The six-month trial will carry passengers on a fixed loop with a safety officer on board, as the city-state prepares for self-driving buses in some new towns.",
		Body: `Driverless shuttle buses began carrying passengers on public roads in Singapore's central business district, in a six-month trial that transport officials say will help decide whether self-driving vehicles can become part of the city-state's public transport network.

Four electric shuttles, each carrying up to 12 passengers, run on a fixed loop linking two rail stations with office towers and a waterfront park. A safety officer sits on board and can take control if needed, and the vehicles are monitored from a control centre.

"We are not testing whether the technology works in a laboratory. We are testing whether it works with real traffic, real weather and real passengers," said Tan Wei Ming, a director at the city's transport authority. "That includes heavy rain, delivery vans parked in the wrong place and pedestrians looking at their phones."

## Passengers curious, cautious

On the first morning, office workers queued to try the shuttles, some filming the journey on their phones. The vehicles travelled at a cautious pace, braking firmly when a cyclist moved into their lane.

"It drives like a very careful new driver," said Priya Nair, 35, a bank employee. "Slower than walking, maybe, but it is interesting. I would use it when it rains."

## Labour shortage driving interest

Singapore faces a shortage of bus drivers as its workforce ages, and officials have said autonomous vehicles could help maintain services in new residential towns. Self-driving buses could be introduced on some public routes in the coming years if trials are successful.

Safety experts say tropical downpours and dense urban traffic present particular challenges for the cameras and sensors that self-driving vehicles rely on. Data from the trial on how the shuttles cope with heavy rain will be closely watched by manufacturers and by other cities in the region, including Bangkok, where autonomous vehicles have so far been tested mainly on private campuses.

"Every city says it wants driverless transport. Very few have tested it properly on crowded streets," said Dr. Rachel Goh, a transport researcher. "Whatever the results, they will be useful for everyone."

The trial is free for passengers. Results will be published after it ends, officials said.`,
		Scene:    "city",
		Caption:  "Towers of Singapore's business district at dusk, mirrored in the bay.",
		Credit:   "Illustration: Dateline",
		Alt:      "Illustration of a skyline of tall towers reflected in the water",
		HoursAgo: 420,
	},
	{
		Title:    "Bangkok marathon moves start time earlier to beat the heat",
		Section:  "sport",
		Author:   "somchai-rattanakul",
		Dateline: "BANGKOK",
		Tags:     []string{"Running", "Climate", "Bangkok"},
		Excerpt:  "Organisers will start the full marathon at 2 a.m. after dozens of runners needed treatment for heat exhaustion last year, and will add more water and cooling stations.",
		Body: `Organisers of Bangkok's largest city marathon will start the full-distance race at 2 a.m. this year, an hour earlier than before, after dozens of runners were treated for heat exhaustion during last year's event.

The half-marathon and 10-kilometre races will also start earlier, and organisers said the number of water stations would rise from 18 to 26, with cooling stations offering ice and wet sponges every five kilometres in the second half of the course.

"Bangkok is one of the hottest cities in the world to run a marathon. Even at night it is often 28 degrees with very high humidity," said race director Kittiphong Ruangchai. "We want people to finish healthy and come back next year, not to end up in hospital."

## Changes for runners

The main changes announced for this year's race include:

- full marathon start moved to 2 a.m., with a cut-off time of six and a half hours
- more medical teams and ambulances along the course, especially after 30 kilometres
- a heat warning system using coloured flags to show conditions at each station
- runners asked to declare medical conditions when collecting their race packs

## Runners divided

Many runners welcomed the earlier start, but some said getting to the start line in the middle of the night would be difficult, especially for those travelling from outside Bangkok, since public transport does not run at that hour.

"Running at 2 a.m. means not sleeping at all. That is also a risk," said Natthida Wongsuwan, a recreational runner who has finished the race four times. "I understand the heat, but maybe the answer is to hold the race in the coolest month."

Organisers said they had considered changing the date, but the race already takes place in the coolest part of the year and road closures must fit around other events. They said they would run shuttle buses from several points in the city.

## A growing sport

Running has boomed in Thailand over the past decade, with hundreds of races held across the country every year. Sports medicine doctors say many new runners underestimate the effect of heat and humidity on the body.

"Train in the conditions you will race in, drink before you are thirsty, and slow down if you feel dizzy," said Dr. Pakorn Limthong, a sports medicine specialist. "No finishing time is worth your life."`,
		Scene:    "city",
		Caption:  "Bangkok's towers in the half-light; the marathon now starts earlier to beat the heat.",
		Credit:   "Illustration: Dateline",
		Alt:      "Illustration of a city skyline in the half-light, its towers reflected in the water",
		HoursAgo: 440,
		Comments: []reply{
			{Name: "Ekkachai B.", Email: "ekkachai@example.com", Text: "I ran last year and the last ten kilometres were brutal. More water stations are very welcome.", ReplyTo: -1},
			{Name: "Sarah Whitmore", Email: "swhitmore@example.org", Text: "Starting at 2 a.m. seems extreme. Other hot cities manage with a 4 a.m. start and more shade.", ReplyTo: -1},
			{Name: "Ekkachai B.", Email: "ekkachai@example.com", Text: "There is very little shade on the main roads here and the sun is up by six. An earlier start makes sense for Bangkok.", ReplyTo: 1},
		},
	},
	{
		Title:    "Phnom Penh riverside night market reopens after renovation",
		Section:  "asia",
		Author:   "anna-lindqvist",
		Dateline: "PHNOM PENH",
		Tags:     []string{"Cambodia", "Tourism", "Mekong"},
		Excerpt:  "Vendors have returned to a revamped waterfront market with new drainage, lighting and stalls, and city officials hope it will draw more visitors after dark.",
		Body: `A popular night market on the Phnom Penh riverfront reopened after a year-long renovation, with new stalls, lighting, drainage and a covered food area, as Cambodian officials try to bring more tourists and local families to the capital's waterfront after dark.

About 300 vendors selling clothes, souvenirs, snacks and grilled food have returned to the site, near where the Tonle Sap river meets the Mekong. Each vendor was given a numbered stall with electricity and running water, replacing the plastic sheets and generators of the old market.

"Before, when it rained, the water came up to our ankles and we had to close," said Sok Channary, who sells grilled fish and rice. "Now there is a roof and the drains work. Tonight I sold more than in a whole week before."

## Rents a concern

Some vendors said rents for the new stalls were higher than before, and that not all former traders had been able to return. City officials said rents had been kept low for the first year and that priority had been given to vendors who held stalls before the renovation.

"We want the market to be clean and safe, but it must also remain a place for ordinary people to earn a living," said Chan Vuthy, a deputy director at the city's tourism office.

## Tourism hopes

Cambodia's tourism industry has been recovering, with growing numbers of visitors from China, Thailand, Vietnam and Europe. Officials hope a lively waterfront will encourage tourists to spend an extra night in Phnom Penh instead of heading straight to the temples at Angkor.

On the opening night, families crowded around the food stalls while traditional dancers performed on a small stage facing the river. A group of young Thai tourists photographed the lights reflected in the water.

"We came for the temples, but this is fun," said Kamonchanok Pimsri, a student from Bangkok. "The food is cheap and the view is beautiful."

Traders said the real test would come in the rainy months, when visitor numbers usually fall. The market is open every evening from 5 p.m. until midnight.`,
		Scene:    "market",
		Caption:  "Shoppers at the stalls of the renovated riverside market in Phnom Penh, under strings of lanterns.",
		Credit:   "Illustration: Dateline",
		Alt:      "Illustration of market stalls with striped awnings and lanterns, shoppers in front",
		HoursAgo: 455,
	},
	{
		Title:    "Fuel prices edge higher at the pump as refiners pass on costs",
		Section:  "business",
		Author:   "pranee-wongsakul",
		Dateline: "BANGKOK",
		Tags:     []string{"Energy", "Inflation", "Economy"},
		Excerpt:  "Diesel and petrol prices rose for the second time this month, and transport operators warn that bus fares and delivery charges may follow.",
		Body: `Retail fuel prices rose for the second time this month as refiners passed on higher import costs, and transport operators warned that bus fares and delivery charges could follow if prices continued to climb.

Major fuel retailers raised the price of petrol and gasohol by 50 satang a litre, while diesel rose by 30 satang. Diesel prices have been partly cushioned by the state oil fund, which uses money collected when prices are low to limit increases when global oil prices rise.

"The fund can smooth the bumps, but it cannot hold prices down forever," said Preecha Sangthong, an energy analyst in Bangkok. "Its resources are limited and it has already borrowed heavily in recent years."

## Who feels it most

Diesel is the main fuel for lorries, buses, fishing boats and farm machinery, so its price has a wide effect on the cost of living. Economists estimate that each one-baht rise in diesel adds a small but noticeable amount to inflation over several months.

Groups most affected by higher fuel prices include:

- truck operators and delivery riders, who pay for fuel directly
- fishermen, for whom fuel can be the largest cost of a trip
- farmers using pumps and tractors during planting
- commuters in provinces with little public transport

"Every time diesel goes up, my profit on each trip goes down," said Manop Pinthong, who drives a ten-wheel truck between Bangkok and the south. "We cannot raise our rates every month. Customers will find someone cheaper."

## Fares under review

Associations of private bus operators said they would ask regulators to approve fare increases if diesel prices rose much further. Some food delivery platforms have already added small fuel surcharges in certain areas.

Energy officials said they were monitoring prices closely and would consider further measures if needed. They encouraged motorists to save fuel by checking tyre pressure, avoiding unnecessary trips and using public transport where possible.

Global oil prices have risen in recent weeks on expectations of tighter supply, though analysts said they remained well below their peak of a few years ago.`,
		Scene:    "city",
		Caption:  "Bangkok's skyline at dusk as fuel prices rise again.",
		Credit:   "Illustration: Dateline",
		Alt:      "Illustration of a city skyline with lit windows at dusk",
		HoursAgo: 470,
	},
	{
		Title:    "The mangrove planters turning back the tide on Thailand's coast",
		Section:  "environment",
		Author:   "pranee-wongsakul",
		Dateline: "",
		Tags:     []string{"Mangroves", "Coastal erosion", "Climate", "Forests"},
		Excerpt:  "On the muddy shores of the upper Gulf, villagers who once watched their land wash away are planting mangroves, building bamboo fences and slowly winning ground back from the sea.",
		Body: `The tide is going out on the coast south of Bangkok, and Prapai Thongkham is knee-deep in grey mud, pushing mangrove seedlings into the soft ground one by one. Behind her, a line of bamboo poles stretches out across the shallows, breaking the waves before they reach the shore.

"When I was a girl, my father's shrimp ponds were there," she says, pointing to open water about 200 metres offshore. "The sea took them. The sea took the road and the school. We lost everything. Now we are taking some of it back."

## A coastline in retreat

Parts of the upper Gulf of Thailand have lost hundreds of metres of land to erosion over the past half-century. Scientists blame a combination of causes: the clearing of mangrove forests for shrimp farms, the sinking of land as groundwater is pumped out, dams that trap sediment upstream, and rising sea levels.

Mangroves protect coasts by slowing waves and trapping sediment in their tangled roots. When they are cut down, the mud washes away and the shoreline retreats.

## Bamboo and patience

Villagers in Prapai's community began experimenting with bamboo fences about 15 years ago, with help from researchers and local officials. The fences slow the waves enough for mud to settle behind them. Once the mud builds up, mangroves can take root and grow.

Progress is slow. Bamboo rots within a few years and must be replaced. A storm can destroy a season's planting in a night. But in places the villagers have regained a strip of land tens of metres wide, now covered by young forest.

> "People think nature is slow. The sea is fast when it destroys, but the mangrove is patient. If we are patient too, it gives back." — Prapai Thongkham

## More than protection

The new mangroves have brought back crabs, shellfish and fish, giving families a source of income. Schools and companies now visit to plant trees, and some villagers run homestays for visitors who want to see the restoration work.

Scientists say mangroves also store large amounts of carbon in their roots and in the mud beneath them, making them valuable in efforts to slow climate change. Several companies have offered to pay communities for protecting mangroves in return for carbon credits, though villagers say they want clear agreements first.

"We do not want someone from outside to own our forest because they paid for it," Prapai says. "We planted it. Our children will look after it."

As the tide turns, she wades back to shore, her sack of seedlings empty. Tomorrow she will plant another hundred.`,
		Scene:    "forest",
		Caption:  "Trees in the mist by Thailand's upper Gulf, where planters are turning back the tide.",
		Credit:   "Illustration: Dateline",
		Alt:      "Illustration of rows of pine trees in mist",
		HoursAgo: 500,
	},
	{
		Title:    "Monks and volunteers restore flood-damaged temple murals in Ayutthaya",
		Section:  "thailand",
		Author:   "somchai-rattanakul",
		Dateline: "AYUTTHAYA",
		Tags:     []string{"Heritage", "Flooding", "Buddhism"},
		Excerpt:  "Conservators are training local volunteers to clean and stabilise 19th-century wall paintings damaged when floodwater stood in an ordination hall for weeks.",
		Body: `Conservators, monks and local volunteers are working to restore wall paintings in the ordination hall of a riverside temple in Ayutthaya, after floodwater that stood in the building for several weeks last year left the lower sections stained and flaking.

The murals, painted in the 19th century, show scenes from the life of the Buddha and the Jataka tales, along with lively details of everyday life on the river, including boats, markets and traders in the clothing of the period.

"When the water went down, we saw the paint coming away from the wall in pieces. The abbot cried," said Phra Maha Somsak, a monk who coordinates the project. "These paintings have been here longer than anyone's memory. We could not let them go."

## Slow, careful work

A team of conservators from the government's heritage service and a Bangkok university spent months drying the walls slowly, to avoid cracking, before beginning work on the paint itself. They are now training about 30 volunteers, most of them from the surrounding community, to help with cleaning and documentation.

Each section of mural is photographed in high resolution before any work begins. Conservators use soft brushes and specially prepared solutions to remove mud and salts, then stabilise flaking paint with adhesives that future restorers can remove if needed.

"We do not repaint. Our job is to save what is there, not to make it look new," said Siriporn Chantarasri, a conservator leading the work. "Where paint is lost, we leave it lost, so that people in a hundred years can see the truth."

## Lessons for other temples

Ayutthaya, the former royal capital, is surrounded by rivers and has been flooded many times in its history. Many of its temples hold murals and artefacts vulnerable to water.

Heritage experts say the project has shown how communities can help protect historic sites, and they hope to train volunteers at other temples to respond quickly when floods come.

The temple has also installed a small pump and raised its cabinets for palm-leaf manuscripts, and volunteers have drawn up a plan for moving valuable objects to higher floors when flood warnings are issued.

Work on the murals is expected to take another two years. Visitors can watch the conservators at work on weekend mornings.`,
		Scene:    "temple",
		Caption:  "The ordination hall of a temple in Ayutthaya, mirrored in its pond, where volunteers are restoring paintings damaged by high water.",
		Credit:   "Illustration: Dateline",
		Alt:      "Illustration of a Thai temple hall with tiered roofs and chedis, mirrored in a pond, palms beside it",
		HoursAgo: 520,
	},
	{
		Title:    "Thai-language AI tool aims to ease paperwork at rural clinics",
		Section:  "technology",
		Author:   "anna-lindqvist",
		Dateline: "BANGKOK",
		Tags:     []string{"Artificial intelligence", "Public health", "Thai language"},
		Excerpt:  "A speech-recognition system developed by Thai researchers lets nurses dictate patient notes in regional dialects, saving time clinic staff would rather spend with patients.",
		Body: `Researchers at a Bangkok university have developed a speech-recognition system that lets nurses and health workers dictate patient notes in Thai, including northern, northeastern and southern dialects, and are testing it at 20 rural clinics.

The system turns spoken notes into structured records, filling in fields such as symptoms, blood pressure and medicines prescribed. Nurses check and correct the text before it is saved.

Health workers at small sub-district clinics often spend hours each day typing records and filling in forms for health authorities and insurance schemes, time that they say should be spent with patients.

"At my clinic there are three nurses for more than 5,000 people. In the evening I type for two hours," said Lamai Sriprom, a nurse at a clinic in Nakhon Phanom taking part in the trial. "With this, I speak for ten minutes and check the text. I go home before dark now."

## Built for Thai

Most commercial speech-recognition tools are trained mainly on English and perform poorly on Thai, especially on regional dialects and medical terms, the researchers said. The team recorded thousands of hours of speech from health workers across the country to train the system.

"Thai is a tonal language with many dialects, and medical Thai mixes in English and Pali words. Generic systems make too many mistakes," said Dr. Chatchai Wiriyakul, who leads the project. "A wrong word in a medical record can be dangerous, so accuracy matters more than anything."

## Privacy safeguards

Because medical information is sensitive, the system runs on computers inside each clinic rather than sending recordings over the internet. Recordings are deleted once the nurse has approved the text.

Patient rights advocates welcomed the approach but said patients should be told when their consultations are being recorded and given the option to refuse.

If the trial succeeds, the team hopes to make the system available free of charge to public clinics nationwide. The researchers are also working on a version for village health volunteers, who collect information during home visits.`,
		Scene:    "city",
		Caption:  "Towers of Bangkok at dusk; researchers in the city built the speech-recognition system.",
		Credit:   "Illustration: Dateline",
		Alt:      "Illustration of city towers with lit windows, mirrored in the water",
		HoursAgo: 540,
		Comments: []reply{
			{Name: "Dr. Malee S.", Email: "malee.s@example.org", Text: "As a doctor at a community hospital, I would welcome anything that reduces typing. Accuracy with drug names is the real test.", ReplyTo: -1},
			{Name: "Thomas Becker", Email: "tbecker@example.com", Text: "Good that it runs locally. Too many health apps send everything to the cloud.", ReplyTo: -1},
		},
	},
	{
		Title:    "US lawmakers weigh new rules on AI tools used in hiring",
		Section:  "world",
		Author:   "david-hartley",
		Dateline: "WASHINGTON",
		Tags:     []string{"Artificial intelligence", "Regulation", "United States"},
		Excerpt:  "A draft bill would require employers to tell applicants when software screens their CVs and to test the tools for bias. Business groups say it would burden smaller firms.",
		Body: `A group of US lawmakers introduced draft legislation that would require employers to tell job applicants when artificial intelligence tools are used to screen their applications, and to test those tools regularly for bias against women, older workers and minority groups.

The bill, backed by members of both major parties, reflects growing concern over software that ranks CVs, analyses video interviews and predicts which candidates are likely to succeed. Such tools are now used by many large companies to handle thousands of applications for each vacancy.

"If a machine decides you are not worth an interview, you deserve to know that a machine made the decision, and why," said a staff member for one of the bill's sponsors, who briefed reporters on condition of anonymity.

## What the bill would require

Under the draft, employers with more than 50 workers would have to:

- notify applicants when automated tools are used at any stage of hiring
- commission an independent audit of each tool for discriminatory effects every year
- publish a summary of the audit results
- offer applicants a way to request a review by a human

Companies that fail to comply could face fines enforced by federal labour regulators.

## Business concerns

Business groups said they supported the goal of fair hiring but warned that the audit requirements would be expensive and unclear. "Small and mid-sized employers buy these tools off the shelf. They do not have teams of data scientists to audit them," said Rebecca Lawson, a policy director at an employers' association.

Companies that sell hiring software said many already test their products for bias and would welcome clear national standards rather than a patchwork of state and city rules.

## Global attention

The debate is being watched closely in other countries, including in Asia, where large employers and outsourcing companies have adopted AI screening tools rapidly. European rules already treat AI used in recruitment as high-risk.

Experts say the bill's chances of passing this year are uncertain, given a crowded legislative calendar. But they said the proposal was likely to shape the debate and encourage companies to be more open about their use of automated tools.`,
		Scene:    "city",
		Caption:  "Washington's waterfront at dusk, where lawmakers are debating rules for AI in hiring.",
		Credit:   "Illustration: Dateline",
		Alt:      "Illustration of a waterfront skyline at dusk",
		HoursAgo: 560,
	},
	{
		Title:    "Sepak takraw league draws young crowds back to regional arenas",
		Section:  "sport",
		Author:   "somchai-rattanakul",
		Dateline: "UDON THANI",
		Tags:     []string{"Sepak takraw", "Isan"},
		Excerpt:  "A revamped professional league with live streaming, team mascots and cheap tickets is filling sports halls in the northeast on weekend nights.",
		Body: `On a weekend evening in this northeastern city, the provincial sports hall is full, loud and young. Students wave inflatable clappers, a drumming group plays from the upper stand, and the crowd roars as a player flips upside down to spike the rattan ball over the net.

Sepak takraw, the acrobatic sport played with the feet, knees and head, has long been popular in Thailand and across Southeast Asia as a game for schoolyards and temple grounds. But organisers of a revamped professional league say it is now attracting the kind of crowds usually seen at football matches.

"Five years ago we played in front of a few hundred people, mostly family and friends," said Jakkrit Phumma, captain of the home team. "Now there are three thousand people and they know our names. It gives us goosebumps."

## Streaming and low prices

The league's organisers changed the format to make matches shorter and faster, introduced team mascots and music, and began streaming every game free online with commentary in Thai and English. Tickets cost as little as 50 baht.

Online audiences have grown quickly, with highlight clips of spectacular kicks shared widely on social media, including by viewers in countries where the sport is little known.

"People see a video of someone doing a bicycle kick two metres in the air, and they ask: what is this sport?" said league director Wanchai Sukprasert. "Our job is to turn that curiosity into fans."

## Regional pride

Teams are based in provincial cities, many of them in Isan, the northeast, where the sport has deep roots. Local businesses sponsor teams, and matches have become social events for families and students.

"My grandfather played takraw in the village after the rice harvest. Now my son wants to play professionally," said Somsri Kamwong, who brought three children to the match. "It is our sport. It is good to see it respected."

## Hopes for wider recognition

Thailand dominates international competition in the sport, and officials hope the league's success will help efforts to include it in more multi-sport events beyond Asia.

The home team won in three sets, and the crowd stayed long after the final point to take photos with the players.`,
		Scene:    "stadium",
		Caption:  "Supporters fill the stands of a floodlit stadium in the northeast on a league evening.",
		Credit:   "Illustration: Dateline",
		Alt:      "Illustration of a floodlit stadium with a crowd in the stands and players on the pitch",
		HoursAgo: 590,
	},
	{
		Title:    "Philippine fishers turn to seaweed farming as catches shrink",
		Section:  "asia",
		Author:   "anna-lindqvist",
		Dateline: "PUERTO PRINCESA",
		Tags:     []string{"Fisheries", "Philippines", "Climate"},
		Excerpt:  "In coastal villages on Palawan, families are tending lines of seaweed in shallow lagoons, a steadier income than fishing but one vulnerable to warming seas.",
		Body: `In the shallow lagoons outside this city on the island of Palawan, lines of seaweed stretch across the clear water in neat rows, tended by families who until a few years ago made their living almost entirely from fishing.

Fishers in the area say catches have declined as larger boats from outside the region compete for the same waters and coral reefs have been damaged. Seaweed farming, which needs little equipment and can be done close to shore, has become an important second source of income.

"Fishing is like gambling. Some days you win, most days you lose," said Rodel Santos, 44, who now farms seaweed with his wife and two teenage sons. "Seaweed is slow, but every 45 days we harvest. We can plan for school fees."

## A growing industry

The Philippines is one of the world's largest producers of seaweed, which is processed into carrageenan, a thickening agent used in foods, cosmetics and medicines. Demand has grown as food manufacturers look for plant-based ingredients.

Local officials have encouraged the shift with training, seedlings and help forming cooperatives that can negotiate better prices with traders.

## Vulnerable to heat

But seaweed farming faces its own climate risk. When sea temperatures rise too high, plants can suffer from a disease known locally as "ice-ice", which turns them white and brittle and can destroy a crop within days.

"We lost half our lines last year in the hot months," said Marites Cruz, who leads a village cooperative. "Now we move the lines to deeper, cooler water when the sea gets hot, but it is more work and not always possible."

Researchers are testing more heat-tolerant strains and advising farmers to diversify with fish cages or shellfish. "No single solution will protect these communities," said Dr. Maria Villanueva, a marine scientist. "The families who do best are the ones who do a bit of everything."

Back in the lagoon, Rodel's sons pull a heavy line of seaweed into their small boat. "My father taught me to fish," he said. "I teach my sons to farm the sea. Maybe their children will do something else again."`,
		Scene:    "sea",
		Caption:  "A sailing boat on calm water off Palawan, where fishers are turning to farming the shallows.",
		Credit:   "Illustration: Dateline",
		Alt:      "Illustration of a sailing boat on a calm sea with an island behind",
		HoursAgo: 610,
	},
	{
		Title:    "Durian exporters race to meet demand as cold-chain rules tighten",
		Section:  "business",
		Author:   "david-hartley",
		Dateline: "CHANTHABURI",
		Tags:     []string{"Durian", "Exports", "Agriculture"},
		Excerpt:  "Packing houses in the east are investing in refrigerated storage and testing labs to meet stricter import checks, while growers worry about prices late in the season.",
		Body: `Packing houses in Chanthaburi are working around the clock to ship durian to China, as exporters invest in refrigerated storage, testing laboratories and tracking systems to meet stricter checks on the fruit at the border.

New rules require every shipment to carry a code showing which farm and packing house the durian came from, and random samples are tested for pesticide residues and for signs that immature fruit has been picked early and treated to ripen. Shipments that fail can be held or rejected.

"One bad container can damage the reputation of all Thai durian," said Prasit Chaimongkol, who runs a packing house employing 200 workers during the peak season. "We have spent millions on cold rooms and a small lab. It is expensive, but it is cheaper than having a shipment rejected."

## Early picking blamed

Officials said the main problem was unripe durian being harvested early to catch high prices at the start of the season. Unripe fruit tastes poor and can damage consumer confidence in overseas markets.

Provincial inspectors now check the dry weight of durian flesh at packing houses, a measure of ripeness, and can fine traders who sell fruit that falls below the standard.

## Growers watch prices

Farm-gate prices were strong at the start of the season, but growers fear they will fall as more fruit reaches the market from Vietnam, Malaysia and other producers that have expanded their orchards.

"Last year the price dropped by half in three weeks," said grower Sunisa Phonchai, who has 600 trees on a hillside orchard outside the city. "Everyone plants durian now. I worry what happens in five years."

Durian has become one of Thailand's most valuable farm exports, and the industry supports hundreds of thousands of jobs in the east and south, from harvest workers to truck drivers and box makers.

## Faster border crossings

Exporters are also using rail and road routes through Laos to reach southern China faster. The journey by rail can take as little as three days, allowing fruit to arrive fresher than by sea.

Officials said they were working with their Chinese counterparts on faster inspection procedures, including electronic certificates that can be checked before trucks arrive at the border.`,
		Scene:    "market",
		Caption:  "Fruit piled on the stalls of a wholesale market in Chanthaburi, the heart of the export trade.",
		Credit:   "Illustration: Dateline",
		Alt:      "Illustration of market stalls with piles of fruit under striped awnings",
		HoursAgo: 640,
	},
	{
		Title:    "Chip testing plants expand in Penang as firms spread supply chains",
		Section:  "technology",
		Author:   "anna-lindqvist",
		Dateline: "PENANG",
		Tags:     []string{"Semiconductors", "Manufacturing", "Investment", "Malaysia"},
		Excerpt:  "Semiconductor companies are adding testing and packaging lines on the Malaysian island, and suppliers in Thailand and Vietnam hope to win a share of the work.",
		Body: `Semiconductor companies are expanding testing and packaging plants on the Malaysian island of Penang, as chipmakers spread their supply chains across more countries to reduce the risk of disruption.

Penang has been a centre of electronics manufacturing for half a century, and its industrial parks are home to plants run by large American, European and Asian chip companies. Several have announced expansions over the past year, adding clean rooms and testing lines for chips used in cars, data centres and consumer electronics.

"Customers want a second source outside the places where chips have traditionally been made," said Ong Kah Seng, a manager at a Penang industry association. "Penang has the engineers and the experience, so a lot of the new work is coming here first."

## Skills shortage

The rapid growth has created a shortage of engineers and technicians, and companies are competing for staff with higher salaries and training programmes. Local universities and training centres have expanded courses in electronics and microelectronics.

"Five years ago, many young engineers wanted to go to Singapore. Now many stay in Penang because the salaries and the opportunities are here," said Nurul Huda, 27, an engineer at a testing plant.

## Regional competition

Thailand and Vietnam are also trying to attract chip-related investment, offering tax incentives and building industrial estates with reliable power and water. Thailand has focused on the assembly and testing of chips used in cars and electronics, building on its existing automotive and hard-disk-drive industries.

"Malaysia is ahead in semiconductors, but the region is big enough for several hubs," said Dr. Apichart Thongmee, a Thai economist who studies industrial policy. "Thailand does not need to copy Penang. It needs to find the parts of the chain that fit its strengths."

Analysts say the most advanced chip manufacturing is likely to remain concentrated in a few places, but that Southeast Asia will play a growing role in the later stages of production, where chips are tested and packaged before being built into devices.

Industry groups warn that demand for chips can swing sharply, and that the region must avoid building capacity that could sit idle in a downturn.`,
		Scene:    "city",
		Caption:  "Towers of George Town, Penang, at dusk, mirrored in the strait.",
		Credit:   "Illustration: Dateline",
		Alt:      "Illustration of towers along the water at dusk",
		HoursAgo: 680,
	},
}
