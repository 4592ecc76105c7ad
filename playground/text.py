"""Every word the page shows, in English and Spanish: one catalogue.

Spanish follows the article's own terms: tasa de aprendizaje, peso, sesgo,
pérdida, gradiente, iteraciones, hacia adelante / hacia atrás.
"""

import math

EN = {
    # page
    "page.title": "Single-Neuron Playground",
    "page.heading": "🧠 Single-Neuron Playground",
    "page.intro": (
        "One neuron — **fahrenheit = weight × celsius + bias** — learns to turn Celsius "
        "into Fahrenheit by gradient descent, as in the article *Red neuronal de una "
        "sola neurona en Python* (2021). Move the **learning rate** in the sidebar and "
        "watch it converge, overshoot or blow up: the page tells you which, and why, "
        "from the data alone."
    ),
    "glossary.title": "What the symbols mean",
    "glossary.body": (
        "**λ (curvature)**: how steep the loss bowl is along a direction — the loss's "
        "gradient changes by λ for each unit a parameter moves. For the article's "
        "data λ ≈ 1667 along the weight and 2 along the bias.\n\n"
        "**Critical rate 2/λmax**: a step larger than this lands further past the "
        "optimum than it started from, so every step makes things worse — the loss "
        "blows up. Between 1/λmax and 2/λmax each step overshoots, but by less each "
        "time.\n\n"
        "**κ (condition number) = λmax/λmin**: how much flatter the flattest "
        "direction is. A rate small enough for the steep weight is ~κ times too small "
        "for the flat bias — which is why the article's bias is still short after "
        "10,000 steps."
    ),
    "link.ignored": (
        "This link had values the page cannot use. They were ignored, and the rest of "
        "the link applies: {items}."
    ),
    "sidebar.language": "Language · Idioma",
    # presets
    "presets.header": "Presets",
    "presets.caption": "One click each; the rates are computed from the current data.",
    "preset.article": "Article",
    "preset.article.help": (
        "The article's run: rate 0.0001, 10,000 iterations, start 0.5 / 0.5, data −50 … 49 °C. "
        "Look at the green line: the weight is learned, the bias is not."
    ),
    "preset.too_small": "Too small",
    "preset.too_small.help": (
        "A thousandth of the critical rate: the loss creeps down. Even the steep weight "
        "needs thousands of steps, and the bias barely leaves its start."
    ),
    "preset.good": "Good",
    "preset.good.help": (
        "Half the critical rate: the weight lands in one step and the bias follows with "
        "no zig-zag. (The textbook optimum 2/(λmin+λmax) sits almost at critical here.)"
    ),
    "preset.overshoots": "Overshoots",
    "preset.overshoots.help": (
        "Three quarters of critical: the weight jumps past its optimum at every step, "
        "yet converges. Look at the zig-zag in the landscape."
    ),
    "preset.edge": "On the edge",
    "preset.edge.help": (
        "Just under critical: each overshoot is almost as large as the last; it "
        "converges, slowly. In Training, scroll into the first few hundred iterations "
        "of the weight."
    ),
    "preset.diverges": "Diverges",
    "preset.diverges.help": (
        "Just over critical: every overshoot is larger than the last and the loss "
        "blows up. Look at where the loss curve ends."
    ),
    "preset.chosen": "**{name}** — {help}",
    # learning rate
    "lr.header": "Learning rate",
    "lr.slider": "Learning rate (logarithmic)",
    "lr.slider.help": "Drag across nine orders of magnitude; type an exact value below.",
    "lr.input": "Exact learning rate",
    "lr.input.help": "Any rate from 0.00000001 to 10, such as 0.0001 or 0.00119.",
    "lr.where": "Critical rate **{critical}**: yours is **{share}** — {verdict}.",
    "strip.legend": "Under the slider: green converges · orange overshoots · red diverges.",
    "share.percent": "{percent} of it",
    "share.times": "{times} times it",
    "verdict.converges": "converges",
    "verdict.oscillates": "overshoots, converges",
    "verdict.diverges": "diverges",
    # iterations and start
    "iterations.label": "Iterations",
    "iterations.help": "Full-batch gradient-descent steps, from 1 to 1,000,000.",
    "start.header": "Starting point",
    "w0.label": "Initial weight",
    "w0.help": "The weight before the first update. The article draws it from [0, 1).",
    "b0.label": "Initial bias",
    "b0.help": "The bias before the first update. The article draws it from [0, 1).",
    "random.button": "🎲 New random start",
    "random.help": "Draw the weight and the bias uniformly from [0, 1), as the article does.",
    # data
    "data.header": "Data",
    "start.label": "First Celsius value",
    "start.help": "The data are the integers from here up to, not including, the next "
    "value: the article uses range(−50, 50).",
    "stop.label": "Stop before (°C)",
    "stop.help": "The first Celsius value not included.",
    "noise.label": "Noise (°F, standard deviation)",
    "noise.help": "Gaussian noise added to each Fahrenheit target (the same draw each time).",
    "scaled.label": "Standardize the inputs",
    "scaled.help": (
        "Train on (C − mean) / standard deviation instead of C. The loss bowl becomes "
        "round (κ → 1), so one rate suits both parameters."
    ),
    "range.error": (
        "The Celsius range needs at least two temperatures: **Stop before** ({stop}) "
        "must be at least **First Celsius value** + 2 ({need}). Showing the article's "
        "−50 … 49 °C until it is fixed."
    ),
    # headline
    "verdict.converges.title": "Converges",
    "verdict.converges.reason": (
        "Your rate {rate} is under {oscillation}, half the critical rate {critical}: "
        "each step moves the weight part of the way to its optimum (it keeps {factor} "
        "of its error) and never past it."
    ),
    "verdict.oscillates.title": "Overshoots, but converges",
    "verdict.oscillates.reason": (
        "Your rate {rate} is between {oscillation} and the critical rate {critical}: "
        "each step jumps past the weight's optimum (its error × {factor}), but lands "
        "closer each time."
    ),
    "verdict.diverges.title": "Diverges",
    "verdict.diverges.reason": (
        "Your rate {rate} is above the critical rate {critical}: each step jumps past "
        "the weight's optimum further than it started (its error × {factor}), so the "
        "loss grows without bound."
    ),
    "diverged.error": (
        "**The loss blew up at iteration {at}**: it overflowed to infinity. The rate "
        "{rate} is {times}× the critical rate {critical}. The charts show the {finite} "
        "iterations before that."
    ),
    "metric.weight": "Final weight",
    "metric.bias": "Final bias",
    "metric.loss": "Final loss",
    "metric.delta": "{delta} from the best fit {target}",
    "metric.loss_delta": "{delta} above the minimum {target}",
    "metric.at": "at iteration {at}",
    "reading.both": (
        "**Both parameters are learned** after {n} iterations: the neuron predicts "
        "F = {w}·C + {b} (the least-squares line is F = {w_opt}·C + {b_opt})."
    ),
    "reading.bias_lags": (
        "**The weight is learned; the bias is still {gap} °F {side} {target} after {n} "
        "iterations**, because the loss is ~{kappa} times flatter along the bias: each step "
        "closes only {pace} of the bias's remaining gap."
    ),
    "reading.neither": (
        "**Neither parameter is learned yet after {n} iterations**: the weight is "
        "{w_gap} {w_side} {w_target} and the bias {b_gap} °F {b_side} {b_target}."
    ),
    "reading.weight_lags": (
        "**The bias is learned, but the weight is still {gap} {side} {target}** after "
        "{n} iterations."
    ),
    "reading.needed": (
        "At this rate the {name} needs about **{needed} iterations** to come within 1 % — "
        "try more iterations or a larger learning rate."
    ),
    "reading.never": "At this rate the {name} never settles: lower the learning rate.",
    "reading.diverged": (
        "Nothing is learned: the run blew up. Use a rate below {critical}, or try the "
        "“Good” preset."
    ),
    "reading.growing": (
        "The loss is growing: this rate diverges, and with more iterations it would overflow."
    ),
    "reading.scaled": (
        "The inputs are standardized: the neuron sees z = (C {shift}) / {scale}, and "
        "the critical rate is now {critical} — pick a preset again to see each regime. "
        "Its weight and bias are converted back to a °C → °F line for these numbers."
    ),
    "side.below": "short of",
    "side.above": "above",
    "name.weight": "weight",
    "name.bias": "bias",
    # scrubber and views
    "step.label": "Iteration to inspect",
    "step.help": (
        "Marked in pink on the predictions, the loss and the landscape; the Math view "
        "works through this iteration."
    ),
    "play.label": "▶ Play",
    "play.help": "Step through the run, frame by frame, up to its last iteration.",
    "view.predictions": "Predictions",
    "view.training": "Training",
    "view.rates": "Learning rate",
    "view.landscape": "Landscape",
    "view.math": "Math",
    # charts
    "chart.celsius": "Celsius (°C)",
    "chart.fahrenheit": "Fahrenheit (°F)",
    "chart.series": "Line",
    "chart.data": "Training data (°F)",
    "series.actual": "Actual: F = 1.8·C + 32",
    "series.before": "Before training",
    "series.after": "After training",
    "series.at_step": "At iteration {k}",
    "chart.iteration": "Iteration",
    "chart.loss": "Loss (mean squared error)",
    "chart.step": "inspected",
    "chart.blew_up": "blew up",
    "chart.weight_gradient": "∂loss/∂weight",
    "chart.bias_gradient": "∂loss/∂bias",
    "chart.gradient_size": "Size of the gradient",
    "chart.value": "Value",
    "chart.weight": "Weight",
    "chart.bias": "Bias",
    "chart.weight_scaled": "Weight (standardized input)",
    "chart.bias_scaled": "Bias (standardized input)",
    "chart.optimum": "optimum (least squares)",
    "chart.rate": "Learning rate",
    "chart.final_loss": "Loss after {n} iterations",
    "chart.diverged": "Diverged at rate",
    "chart.boundary": "Thresholds",
    "chart.you": "your rate",
    "chart.oscillation": "overshoot 1/λmax",
    "chart.optimal": "optimal",
    "chart.critical": "critical 2/λmax",
    "chart.level": "log₁₀ loss",
    "marker.start": "start",
    "marker.end": "end",
    "marker.optimum": "optimum",
    "marker.step": "iteration {k}",
    # predictions view
    "predictions.caption": (
        "Blue line: the real relation. Orange dashes: the untrained neuron. Green dots: "
        "after training — the article's picture (red and green there). Pink dots: the "
        "inspected iteration. Grey points: the {n} training temperatures (under the "
        "blue line when there is no noise)."
    ),
    # training view
    "training.loss": "Loss over iterations",
    "training.log": "Logarithmic loss axis",
    "training.zoom": (
        "Drag or scroll on a chart to zoom into the iterations; double-click to reset. "
        "Long runs are thinned to at most 2,000 points, keeping each stretch's highest "
        "and lowest value, so zig-zags stay visible."
    ),
    "training.gradients": "Gradients",
    "training.gradients.caption": (
        "How fast the loss changes with each parameter, on a log axis (hover for the "
        "signed value). Both shrink as training converges; the bias's slowly, because "
        "the loss is ~{kappa} times flatter along it."
    ),
    "training.parameters": "Weight and bias",
    "training.parameters.caption": "Dashed: the exact optimum (least squares), as a °C → °F line.",
    "training.weight": "Weight",
    "training.bias": "Bias",
    "download.label": "⬇️ Download the full history (CSV)",
    "download.help": "Every iteration: weight, bias, loss and both gradients ({rows} rows).",
    # learning-rate view
    "stability.header": "Where your rate stands",
    "stability.critical": "Critical rate 2/λmax",
    "stability.oscillation": "Overshooting starts (1/λmax)",
    "stability.optimal": "Optimal 2/(λmin+λmax)",
    "stability.condition": "Condition number κ",
    "stability.percent": "Your rate is",
    "stability.weight_n": "Weight: steps to within 1 %",
    "stability.bias_n": "Bias: steps to within 1 %",
    "stability.iterations": "~{n} iterations",
    "stability.never": "never",
    "stability.why": (
        "**Why:** the loss is a bowl whose curvature is λ = {hi} along the weight and "
        "{lo} along the bias (the eigenvalues of its Hessian). One step multiplies the "
        "error along each by 1 − η·λ: **{rw}** for the weight, **{rb}** for the bias. "
        "Below −1 the error grows (diverges); between −1 and 0 it changes sign every step "
        "(overshoots); between 0 and 1 it shrinks steadily, and the closer to 1, the "
        "slower — which is why the bias takes so long."
    ),
    "sweep.header": "Compare learning rates",
    "sweep.input": "Rates to compare",
    "sweep.input.help": (
        "Comma-separated, such as 0.0001, 0.0009, 0.0013. Leave it empty for a handful "
        "around yours, one above critical. At most 8."
    ),
    "sweep.ignored": (
        "Left out of the rate list: {items}. Each must be a number from 0.00000001 to 10, "
        "and at most 8 are compared."
    ),
    "sweep.none_valid": "No valid rate in the list, so a handful around yours is shown.",
    "sweep.progress": "Training at rate {rate} ({i} of {n})…",
    "sweep.caption": "Every line starts from your starting point; ✕ marks where a run blew up.",
    "finder.header": "Final loss against learning rate",
    "finder.caption": (
        "Like a learning-rate finder: {n} runs of {iterations} iterations from your start. "
        "The loss falls as the rate grows, until the critical rate, past which it "
        "explodes (✕)."
    ),
    "finder.hidden": (
        "Here the optimal rate is within {gap} of the critical one, so its line hides "
        "under it: with κ = {kappa}, the fastest rate for the flat bias is the one that "
        "almost blows up the steep weight."
    ),
    # landscape view
    "landscape.header": "The loss landscape",
    "landscape.caption": (
        "Darker is lower. The red path is the run, step by step (thinned to at most "
        "1,000 points). The bowl is ~{kappa} times steeper along the weight than along "
        "the bias, so descent zig-zags across the valley or crawls along it."
    ),
    "landscape.scaled": (
        "With standardized inputs the bowl is round (κ = {kappa}): the path heads "
        "straight for the optimum."
    ),
    # math view
    "math.header": "The article's math at iteration {k}",
    "math.sample": "Sample (°C)",
    "math.sample.help": (
        "One temperature, like the article's worked example (42 °C ↔ 107.6 °F). The "
        "batch values use all {n} samples, as training does."
    ),
    "math.forward": "**1 · Forward**: the neuron's output for this sample.",
    "math.loss": (
        "**2 · Loss**: this sample's squared error, and the mean over all {n} samples "
        "that training minimises."
    ),
    "math.backward": (
        "**3 · Backward**: the chain rule, from the output back to each parameter — "
        "first for this sample alone, then summed over the batch."
    ),
    "math.update": "**4 · Update**: one step against the batch gradient, with η = {rate}.",
    "math.scaled": "The inputs are standardized: x = (C − {mean}) / {scale} = {x}.",
    "math.source": (
        "Computed by the engine's own `forward` and `backward`; the update gives iteration {next}."
    ),
    "math.end": "This is the last iteration of the run; the update shows where the next would go.",
    "tex.output": "output",
    "tex.loss": "loss",
    "tex.weight": "weight",
    "tex.bias": "bias",
    "tex.sample": "sample",
}

ES = {
    "page.title": "Laboratorio de una neurona",
    "page.heading": "🧠 Laboratorio de una sola neurona",
    "page.intro": (
        "Una neurona — **fahrenheit = peso × celsius + sesgo** — aprende a convertir "
        "Celsius en Fahrenheit por descenso de gradiente, como en el artículo *Red "
        "neuronal de una sola neurona en Python* (2021). Mueva la **tasa de "
        "aprendizaje** en la barra lateral y vea cómo converge, se pasa de largo o "
        "diverge: la página le dice cuál de ellas ocurre, y por qué, solo con los "
        "datos."
    ),
    "glossary.title": "Qué significan los símbolos",
    "glossary.body": (
        "**λ (curvatura)**: lo empinado que es el cuenco de la pérdida en una "
        "dirección — el gradiente de la pérdida cambia λ por cada unidad que se mueve "
        "un parámetro. Con los datos del artículo, λ ≈ 1667 a lo largo del peso y 2 a "
        "lo largo del sesgo.\n\n"
        "**Tasa crítica 2/λmax**: un paso mayor cae más lejos del óptimo de lo que "
        "estaba, así que cada paso empeora las cosas — la pérdida explota. Entre "
        "1/λmax y 2/λmax cada paso se pasa, pero cada vez menos.\n\n"
        "**κ (número de condición) = λmax/λmin**: cuánto más plana es la dirección "
        "más plana. Una tasa lo bastante pequeña para el peso, empinado, es ~κ veces "
        "demasiado pequeña para el sesgo, plano — por eso al sesgo del artículo aún "
        "le falta tras 10 000 pasos."
    ),
    "link.ignored": (
        "Este enlace traía valores que la página no puede usar. Se ignoraron, y el resto "
        "del enlace se aplica: {items}."
    ),
    "sidebar.language": "Language · Idioma",
    "presets.header": "Ajustes rápidos",
    "presets.caption": "Un clic cada uno; las tasas se calculan con los datos actuales.",
    "preset.article": "Artículo",
    "preset.article.help": (
        "El entrenamiento del artículo: tasa 0.0001, 10 000 iteraciones, inicio 0.5 / 0.5, "
        "datos −50 … 49 °C. Mire la línea verde: el peso se aprende, el sesgo no."
    ),
    "preset.too_small": "Muy pequeña",
    "preset.too_small.help": (
        "Una milésima de la tasa crítica: la pérdida baja muy despacio. Incluso el "
        "peso, empinado, necesita miles de pasos, y el sesgo apenas se mueve de su "
        "inicio."
    ),
    "preset.good": "Buena",
    "preset.good.help": (
        "La mitad de la tasa crítica: el peso llega en un paso y el sesgo lo sigue sin "
        "zigzag. (El óptimo teórico 2/(λmin+λmax) queda aquí casi en la crítica.)"
    ),
    "preset.overshoots": "Se pasa",
    "preset.overshoots.help": (
        "Tres cuartos de la crítica: el peso salta más allá de su óptimo en cada paso, "
        "pero converge. Mire el zigzag en el paisaje."
    ),
    "preset.edge": "Al límite",
    "preset.edge.help": (
        "Justo por debajo de la crítica: cada salto es casi tan grande como el "
        "anterior; converge, despacio. En Entrenamiento, amplíe las primeras centenas "
        "de iteraciones del peso."
    ),
    "preset.diverges": "Diverge",
    "preset.diverges.help": (
        "Justo por encima de la crítica: cada salto es mayor que el anterior y la pérdida "
        "explota. Mire dónde termina la curva de pérdida."
    ),
    "preset.chosen": "**{name}** — {help}",
    "lr.header": "Tasa de aprendizaje",
    "lr.slider": "Tasa de aprendizaje (logarítmica)",
    "lr.slider.help": (
        "Arrastre a lo largo de nueve órdenes de magnitud; escriba abajo un valor exacto."
    ),
    "lr.input": "Tasa de aprendizaje exacta",
    "lr.input.help": "Cualquier tasa de 0.00000001 a 10, como 0.0001 o 0.00119.",
    "lr.where": "Tasa crítica **{critical}**: la suya es **{share}** — {verdict}.",
    "strip.legend": "Bajo el control: verde converge · naranja se pasa · rojo diverge.",
    "share.percent": "el {percent} de ella",
    "share.times": "{times} veces ella",
    "verdict.converges": "converge",
    "verdict.oscillates": "se pasa, pero converge",
    "verdict.diverges": "diverge",
    "iterations.label": "Iteraciones",
    "iterations.help": "Pasos de descenso de gradiente con todo el lote, de 1 a 1 000 000.",
    "start.header": "Punto de partida",
    "w0.label": "Peso inicial",
    "w0.help": "El peso antes de la primera actualización. El artículo lo sortea en [0, 1).",
    "b0.label": "Sesgo inicial",
    "b0.help": "El sesgo antes de la primera actualización. El artículo lo sortea en [0, 1).",
    "random.button": "🎲 Nuevo inicio aleatorio",
    "random.help": "Sortea el peso y el sesgo uniformemente en [0, 1), como hace el artículo.",
    "data.header": "Datos",
    "start.label": "Primer valor Celsius",
    "start.help": "Los datos son los enteros desde aquí hasta el siguiente valor, sin "
    "incluirlo: el artículo usa range(−50, 50).",
    "stop.label": "Hasta, sin incluir (°C)",
    "stop.help": "El primer valor Celsius que no se incluye.",
    "noise.label": "Ruido (°F, desviación típica)",
    "noise.help": "Ruido gaussiano sumado a cada valor Fahrenheit (siempre el mismo sorteo).",
    "scaled.label": "Estandarizar las entradas",
    "scaled.help": (
        "Entrenar con (C − media) / desviación típica en lugar de C. El cuenco de la "
        "pérdida se vuelve redondo (κ → 1) y una sola tasa sirve a los dos parámetros."
    ),
    "range.error": (
        "El rango Celsius necesita al menos dos temperaturas: **Hasta, sin incluir** "
        "({stop}) debe ser al menos el **Primer valor Celsius** + 2 ({need}). Se "
        "muestran los −50 … 49 °C del artículo hasta que se corrija."
    ),
    "verdict.converges.title": "Converge",
    "verdict.converges.reason": (
        "Su tasa {rate} está por debajo de {oscillation}, la mitad de la tasa crítica "
        "{critical}: cada paso acerca el peso a su óptimo (conserva {factor} de su "
        "error) sin pasarse nunca."
    ),
    "verdict.oscillates.title": "Se pasa, pero converge",
    "verdict.oscillates.reason": (
        "Su tasa {rate} está entre {oscillation} y la tasa crítica {critical}: cada "
        "paso salta más allá del óptimo del peso (su error × {factor}), pero cae más "
        "cerca cada vez."
    ),
    "verdict.diverges.title": "Diverge",
    "verdict.diverges.reason": (
        "Su tasa {rate} supera la tasa crítica {critical}: cada paso salta más allá del "
        "óptimo del peso, más lejos de lo que estaba (su error × {factor}), así que la "
        "pérdida crece sin límite."
    ),
    "diverged.error": (
        "**La pérdida explotó en la iteración {at}**: se desbordó a infinito. La tasa "
        "{rate} es {times}× la tasa crítica {critical}. Las gráficas muestran las {finite} "
        "iteraciones anteriores."
    ),
    "metric.weight": "Peso final",
    "metric.bias": "Sesgo final",
    "metric.loss": "Pérdida final",
    "metric.delta": "{delta} respecto al mejor ajuste {target}",
    "metric.loss_delta": "{delta} sobre el mínimo {target}",
    "metric.at": "en la iteración {at}",
    "reading.both": (
        "**Los dos parámetros están aprendidos** tras {n} iteraciones: la neurona predice "
        "F = {w}·C + {b} (la recta de mínimos cuadrados es F = {w_opt}·C + {b_opt})."
    ),
    "reading.bias_lags": (
        "**El peso está aprendido; el sesgo aún está {gap} °F {side} {target} tras {n} "
        "iteraciones**, porque la pérdida es ~{kappa} veces más plana a lo largo del "
        "sesgo: cada paso cierra solo el {pace} de lo que le falta al sesgo."
    ),
    "reading.neither": (
        "**Ningún parámetro está aprendido aún tras {n} iteraciones**: el peso está "
        "{w_gap} {w_side} {w_target} y el sesgo {b_gap} °F {b_side} {b_target}."
    ),
    "reading.weight_lags": (
        "**El sesgo está aprendido, pero el peso aún está {gap} {side} {target}** tras "
        "{n} iteraciones."
    ),
    "reading.needed": (
        "Con esta tasa, el {name} necesita unas **{needed} iteraciones** para quedar a "
        "menos del 1 % — pruebe más iteraciones o una tasa mayor."
    ),
    "reading.never": "Con esta tasa, el {name} nunca se asienta: baje la tasa de aprendizaje.",
    "reading.diverged": (
        "No se aprende nada: el entrenamiento explotó. Use una tasa menor que {critical}, "
        "o pruebe el ajuste «Buena»."
    ),
    "reading.growing": (
        "La pérdida está creciendo: esta tasa diverge, y con más iteraciones se desbordaría."
    ),
    "reading.scaled": (
        "Las entradas están estandarizadas: la neurona ve z = (C {shift}) / {scale}, y "
        "la tasa crítica es ahora {critical} — vuelva a elegir un ajuste rápido para "
        "ver cada régimen. Su peso y su sesgo se convierten de vuelta en una recta °C → "
        "°F para estas cifras."
    ),
    "side.below": "por debajo de",
    "side.above": "por encima de",
    "name.weight": "peso",
    "name.bias": "sesgo",
    "step.label": "Iteración a inspeccionar",
    "step.help": (
        "Se marca en rosa en las predicciones, la pérdida y el paisaje; la vista "
        "Matemáticas recorre esta iteración."
    ),
    "play.label": "▶ Animar",
    "play.help": "Recorre el entrenamiento, fotograma a fotograma, hasta su última iteración.",
    "view.predictions": "Predicciones",
    "view.training": "Entrenamiento",
    "view.rates": "Tasa de aprendizaje",
    "view.landscape": "Paisaje",
    "view.math": "Matemáticas",
    "chart.celsius": "Celsius (°C)",
    "chart.fahrenheit": "Fahrenheit (°F)",
    "chart.series": "Línea",
    "chart.data": "Datos de entrenamiento (°F)",
    "series.actual": "Real: F = 1.8·C + 32",
    "series.before": "Sin entrenar",
    "series.after": "Tras entrenar",
    "series.at_step": "En la iteración {k}",
    "chart.iteration": "Iteración",
    "chart.loss": "Pérdida (error cuadrático medio)",
    "chart.step": "inspeccionada",
    "chart.blew_up": "explotó",
    "chart.weight_gradient": "∂pérdida/∂peso",
    "chart.bias_gradient": "∂pérdida/∂sesgo",
    "chart.gradient_size": "Tamaño del gradiente",
    "chart.value": "Valor",
    "chart.weight": "Peso",
    "chart.bias": "Sesgo",
    "chart.weight_scaled": "Peso (entrada estandarizada)",
    "chart.bias_scaled": "Sesgo (entrada estandarizada)",
    "chart.optimum": "óptimo (mínimos cuadrados)",
    "chart.rate": "Tasa de aprendizaje",
    "chart.final_loss": "Pérdida tras {n} iteraciones",
    "chart.diverged": "Divergió con la tasa",
    "chart.boundary": "Umbrales",
    "chart.you": "su tasa",
    "chart.oscillation": "sobrepaso 1/λmax",
    "chart.optimal": "óptima",
    "chart.critical": "crítica 2/λmax",
    "chart.level": "log₁₀ pérdida",
    "marker.start": "inicio",
    "marker.end": "final",
    "marker.optimum": "óptimo",
    "marker.step": "iteración {k}",
    "predictions.caption": (
        "Línea azul: la relación real. Rayas naranjas: la neurona sin entrenar. Puntos "
        "verdes: tras el entrenamiento — el gráfico del artículo (allí rojo y verde). "
        "Puntos rosas: la iteración inspeccionada. Puntos grises: las {n} temperaturas "
        "de entrenamiento (bajo la línea azul cuando no hay ruido)."
    ),
    "training.loss": "Pérdida por iteración",
    "training.log": "Eje de pérdida logarítmico",
    "training.zoom": (
        "Arrastre o use la rueda sobre una gráfica para ampliar las iteraciones; doble "
        "clic para volver. Los entrenamientos largos se reducen a 2000 puntos como mucho, "
        "conservando el valor más alto y el más bajo de cada tramo, para que los zigzags "
        "sigan viéndose."
    ),
    "training.gradients": "Gradientes",
    "training.gradients.caption": (
        "Lo rápido que cambia la pérdida con cada parámetro, en eje logarítmico (al "
        "pasar el ratón se ve el valor con su signo). Ambos se encogen al converger; el "
        "del sesgo despacio, porque la pérdida es ~{kappa} veces más plana en esa "
        "dirección."
    ),
    "training.parameters": "Peso y sesgo",
    "training.parameters.caption": (
        "A rayas: el óptimo exacto (mínimos cuadrados), como recta °C → °F."
    ),
    "training.weight": "Peso",
    "training.bias": "Sesgo",
    "download.label": "⬇️ Descargar el historial completo (CSV)",
    "download.help": "Cada iteración: peso, sesgo, pérdida y ambos gradientes ({rows} filas).",
    "stability.header": "Dónde está su tasa",
    "stability.critical": "Tasa crítica 2/λmax",
    "stability.oscillation": "Empieza a pasarse (1/λmax)",
    "stability.optimal": "Óptima 2/(λmin+λmax)",
    "stability.condition": "Número de condición κ",
    "stability.percent": "Su tasa es",
    "stability.weight_n": "Peso: pasos hasta el 1 %",
    "stability.bias_n": "Sesgo: pasos hasta el 1 %",
    "stability.iterations": "~{n} iteraciones",
    "stability.never": "nunca",
    "stability.why": (
        "**Por qué:** la pérdida es un cuenco cuya curvatura es λ = {hi} a lo largo del "
        "peso y {lo} a lo largo del sesgo (los valores propios de su hessiana). Un paso "
        "multiplica el error en cada dirección por 1 − η·λ: **{rw}** para el peso, **{rb}** "
        "para el sesgo. Por debajo de −1 el error crece (diverge); entre −1 y 0 cambia de "
        "signo en cada paso (se pasa); entre 0 y 1 se encoge sin oscilar, y cuanto más "
        "cerca de 1, más despacio — por eso el sesgo tarda tanto."
    ),
    "sweep.header": "Comparar tasas de aprendizaje",
    "sweep.input": "Tasas a comparar",
    "sweep.input.help": (
        "Separadas por comas, como 0.0001, 0.0009, 0.0013. Déjelo vacío para unas cuantas "
        "alrededor de la suya, una por encima de la crítica. Como mucho 8."
    ),
    "sweep.ignored": (
        "Fuera de la lista de tasas: {items}. Cada una debe ser un número de 0.00000001 a "
        "10, y se comparan 8 como mucho."
    ),
    "sweep.none_valid": (
        "Ninguna tasa válida en la lista, así que se muestran unas cuantas alrededor de la suya."
    ),
    "sweep.progress": "Entrenando con la tasa {rate} ({i} de {n})…",
    "sweep.caption": (
        "Cada línea parte de su punto de partida; ✕ marca dónde explotó un entrenamiento."
    ),
    "finder.header": "Pérdida final según la tasa",
    "finder.caption": (
        "Como un buscador de tasa de aprendizaje: {n} entrenamientos de {iterations} "
        "iteraciones desde su inicio. La pérdida baja al crecer la tasa, hasta la tasa "
        "crítica, tras la cual explota (✕)."
    ),
    "finder.hidden": (
        "Aquí la tasa óptima está a menos del {gap} de la crítica, así que su línea "
        "queda oculta bajo ella: con κ = {kappa}, la tasa más rápida para el sesgo, "
        "plano, es la que casi hace explotar al peso, empinado."
    ),
    "landscape.header": "El paisaje de la pérdida",
    "landscape.caption": (
        "Más oscuro es más bajo. El camino rojo es el entrenamiento, paso a paso (reducido "
        "a 1000 puntos como mucho). El cuenco es ~{kappa} veces más empinado a lo largo "
        "del peso que del sesgo, así que el descenso zigzaguea a través del valle o se "
        "arrastra a lo largo de él."
    ),
    "landscape.scaled": (
        "Con las entradas estandarizadas el cuenco es redondo (κ = {kappa}): el camino va "
        "derecho al óptimo."
    ),
    "math.header": "Las matemáticas del artículo en la iteración {k}",
    "math.sample": "Muestra (°C)",
    "math.sample.help": (
        "Una temperatura, como el ejemplo del artículo (42 °C ↔ 107.6 °F). Los valores "
        "del lote usan las {n} muestras, como el entrenamiento."
    ),
    "math.forward": "**1 · Hacia adelante**: la salida de la neurona para esta muestra.",
    "math.loss": (
        "**2 · Pérdida**: el error al cuadrado de esta muestra, y la media sobre las {n} "
        "muestras que el entrenamiento minimiza."
    ),
    "math.backward": (
        "**3 · Hacia atrás**: la regla de la cadena, de la salida a cada parámetro — "
        "primero para esta muestra sola, luego sumado sobre el lote."
    ),
    "math.update": (
        "**4 · Actualización**: un paso contra el gradiente del lote, con η = {rate}."
    ),
    "math.scaled": "Las entradas están estandarizadas: x = (C − {mean}) / {scale} = {x}.",
    "math.source": (
        "Calculado con las propias funciones `forward` y `backward` del motor; la "
        "actualización da la iteración {next}."
    ),
    "math.end": (
        "Es la última iteración del entrenamiento; la actualización muestra adónde iría "
        "la siguiente."
    ),
    "tex.output": "salida",
    "tex.loss": "pérdida",
    "tex.weight": "peso",
    "tex.bias": "sesgo",
    "tex.sample": "muestra",
}

CATALOGUES = {"en": EN, "es": ES}


class Text:
    """The catalogue of one language: ``T("key", **values)`` formats an entry."""

    def __init__(self, lang):
        self.lang = lang if lang in CATALOGUES else "en"
        self._entries = CATALOGUES[self.lang]

    def __call__(self, key, **values):
        return self._entries[key].format(**values) if values else self._entries[key]

    def count(self, n):
        """A whole number with the language's thousands separator."""
        text = f"{int(n):,}"
        return text.replace(",", "\u202f") if self.lang == "es" else text


def number(value, digits=4):
    """A number as a person writes it: 0.0001, 1.7974, 27.74, 1.2e-06, never 0.00."""
    if value is None or not math.isfinite(value):
        return "—"
    if value == 0:
        return "0"
    text = f"{value:.{digits}g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        return f"{mantissa}e{int(exponent)}"
    return text


def times(ratio):
    """A ratio as a multiple: 1.25, 8.3, 8,335 (whole numbers from 10 up)."""
    return f"{ratio:.3g}" if ratio < 10 else f"{round(ratio):,}"


def percent(fraction):
    """A fraction as a percentage with sensible precision: 8.3 %, 0.1 %, 150 %."""
    pct = fraction * 100
    digits = 0 if pct >= 100 else 1 if pct >= 1 else 2
    return f"{pct:.{digits}f} %"


def quote(raw, limit=40):
    """Untrusted text (from a link) shown safely as inline code, never as markup."""
    text = str(raw)[:limit] + ("…" if len(str(raw)) > limit else "")
    return "`" + text.replace("`", "'").replace("\n", " ") + "`"
