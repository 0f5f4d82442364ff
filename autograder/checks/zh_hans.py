"""The checks' messages in Simplified Chinese: English template -> its translation, placeholders kept.

Written as the lecture's teacher would say it, with the lecture's terms (book/zh-hans/glossary.md): Query, Key,
Value, Softmax, Mask and the like stay in English where the lecture keeps them; code, shapes, numbers and
formulas stay as they are. Traditional Chinese is made from this table (autograder.checks.messages).
tests/checks/test_messages.py fails on a template of the checks missing here, and on an entry here whose
template is gone.
"""

ZH_HANS = {
    # ---------------------------------------------------------------- common.py, engine/errors.py
    "{what} is not implemented yet: replace `raise NotImplementedError()` with your code.":
        "{what} 还没有实现：把 `raise NotImplementedError()` 换成你的代码。",
    "{what} raised {name} at `{line}`: {text}": "{what} 在 `{line}` 这一行抛出了 {name}：{text}",
    "{what} raised {name}: {text}": "{what} 抛出了 {name}：{text}",
    "{what}: {message}": "{what}：{message}",
    "(its message could not be read)": "（读不出它的错误信息）",
    "(no message)": "（没有错误信息）",
    "`{name}` should be your trained {kind} (an nn.Module), found {model_type}.":
        "`{name}` 应该是你训练好的 {kind}（一个 nn.Module），但这里是 {model_type}。",
    "`{name}` has no parameters to train.": "`{name}` 没有任何可以训练的参数。",
    "evaluating `tagger(tokens, mask)`": "评估 `tagger(tokens, mask)` 时",
    "your function": "你的函数",
    "{what}: expected a function, but found {fn_type}. Did you run the cell that defines it?":
        "{what}：这里应该是一个函数，但找到的是 {fn_type}。定义它的那个 cell 执行过了吗？",
    "{what} must return a pair ({names}, {names2}), but returned {result_type}.":
        "{what} 必须返回一对值 ({names}, {names2})，但返回的是 {result_type}。",
    "{what} must return two torch tensors ({names}, {names2}); found {first_type} and {second_type}.":
        "{what} 必须返回两个 torch tensor ({names}, {names2})；实际是 {first_type} 和 {second_type}。",
    "{what} returned {x_type}, which is not an array of numbers.":
        "{what} 返回了 {x_type}，它不是一个数值数组。",
    "{what} should return one number (a scalar), but returned an array of shape {shape}.":
        "{what} 应该返回一个数（标量），但返回了形状为 {shape} 的数组。",
    "{what} returned shape {shape}, expected {shape2}: {squeezed}":
        "{what} 返回的形状是 {shape}，应该是 {shape2}：{squeezed}",
    "{what} returned shape {shape}, expected {shape2}.{show_input}":
        "{what} 返回的形状是 {shape}，应该是 {shape2}。{show_input}",
    "{what} returned NaN or inf values:\n{got}{show_input}": "{what} 返回了 NaN 或 inf：\n{got}{show_input}",
    "{what} does not give the expected result.\nYou returned\n{got}\nExpected\n{expected}{show_input}":
        "{what} 的结果不对。\n你返回的是\n{got}\n正确结果是\n{expected}{show_input}",
    "the values are right, but an axis of length 1 was dropped or added (np.squeeze, .squeeze(), [0] or [None]); "
    "keep the shape the task gives, also when a size is 1.":
        "数值是对的，但多了或少了一个长度为 1 的维度（np.squeeze、.squeeze()、[0] 或 [None]）；请保持题目给定的形状，"
        "某个维度大小是 1 的时候也一样。",
    "{what} should raise {exc_type_name}, but raised {exc_type}: {exception_text}{value}":
        "{what} 应该抛出 {exc_type_name}，但抛出的是 {exc_type}：{exception_text}{value}",
    "{what} should raise {exc_type_name}, but returned normally.":
        "{what} 应该抛出 {exc_type_name}，但它正常返回了。",
    "Your tagger": "你的 Tagger",
    "{built} is built from your `{name}`, and {part} fails ({first}). Fix that part first, then retrain: this "
    "part's grade follows from it.":
        "{built} 是用你的 `{name}` 搭起来的，而 {part} 没有通过（{first}）。请先修好那一部分，再重新训练：这一部分的"
        "分数取决于它。",

    # ---------------------------------------------------------------- self_attention.py (04)
    "dot_product_score(q, k) returned a {result_type} of shape {shape}; return a Python float: float(np.dot(q, k)).":
        "dot_product_score(q, k) 返回了形状为 {shape} 的 {result_type}；请返回一个 Python float："
        "float(np.dot(q, k))。",
    "returned an array, not a float": "返回了数组，而不是 float",
    "dot_product_score(q, k): you returned the elementwise product q * k; the dot product is its sum, one number: "
    "np.sum(q * k), or q @ k.":
        "dot_product_score(q, k)：你返回的是逐元素乘积 q * k；点积（Dot Product）是把它加起来得到的一个数："
        "np.sum(q * k)，或 q @ k。",
    "you returned the sum of q and k, not the sum of their elementwise product.":
        "你返回的是 q 和 k 相加的和，而不是它们逐元素相乘之后的和。",
    "you returned the length of q times the length of k; the dot product also depends on the angle between them "
    "(multiply elementwise, then sum).":
        "你返回的是 q 的长度乘以 k 的长度；点积还跟两个向量之间的夹角有关（逐元素相乘，再相加）。",
    "\nwith q = {q} and k = {k}": "\n输入 q = {q}，k = {k}",
    "\nwith q = {q}, k = {k}": "\n输入 q = {q}，k = {k}",
    "you concatenated k before q; the order is concat(q, k).": "你把 k 拼接在 q 前面了；顺序应该是 concat(q, k)。",
    "the tanh is missing: w . tanh(W @ concat(q, k)).": "少了 tanh：w . tanh(W @ concat(q, k))。",
    "the tanh must come after W: w . tanh(W @ concat(q, k)), not w . (W @ tanh(...)).":
        "tanh 要放在 W 之后：w . tanh(W @ concat(q, k))，而不是 w . (W @ tanh(...))。",
    "the tanh must come between W and w: w . tanh(W @ concat(q, k)), not tanh(w . (W @ concat(q, k))).":
        "tanh 要放在 W 和 w 之间：w . tanh(W @ concat(q, k))，而不是 tanh(w . (W @ concat(q, k)))。",
    "the softmax ran over axis {ax} instead of axis {axis}: each slice along the requested axis must sum to 1 (use "
    "axis=axis and keepdims=True).":
        "Softmax 沿着 axis {ax} 做了，而不是 axis {axis}：沿指定的轴，每一片的和都必须是 1"
        "（用 axis=axis 和 keepdims=True）。",
    "the result is not normalised: divide exp(x) by its sum along the axis.":
        "结果没有归一化：要把 exp(x) 除以它沿这个轴的和。",
    "the result is not normalised: divide exp(x) by its sum along the axis, not by something else.":
        "结果没有归一化：要把 exp(x) 除以它沿这个轴的和，而不是除以别的东西。",
    "you divided by the sum over the whole array; sum only along the axis (keepdims=True).":
        "你除以的是整个数组的总和；只能沿着这个轴求和（keepdims=True）。",
    "the sum lost its axis: without keepdims=True, e / e.sum(axis=axis) divides each row by the wrong sums (or fails "
    "to broadcast); use e.sum(axis=axis, keepdims=True).":
        "求和之后少了那个轴：没有 keepdims=True，e / e.sum(axis=axis) 会把每一行除以错误的和（或者无法 broadcast）；"
        "请用 e.sum(axis=axis, keepdims=True)。",
    "softmax(x, axis={axis}) for x of shape {shape}": "softmax(x, axis={axis})（x 的形状为 {shape}）",
    "\nwith x =\n{x}": "\n输入 x =\n{x}",
    "softmax(x) with the default axis": "使用默认 axis 的 softmax(x)",
    "the default must be axis=-1, the last axis; without axis= your softmax ran over axis {ax}: def softmax(x, "
    "axis=-1).":
        "默认值必须是 axis=-1，也就是最后一个轴；不给 axis= 时，你的 Softmax 沿着 axis {ax} 做了："
        "def softmax(x, axis=-1)。",
    "\n(the default must be axis=-1, the last axis)": "\n（默认值必须是 axis=-1，也就是最后一个轴）",
    "softmax(x, axis={axis}) with entries as large as 1e4": "softmax(x, axis={axis})（元素大到 1e4）",
    "{what} returned NaN: you subtracted the maximum of the whole array, so slices far below it underflow to exp(...) "
    "= 0 and divide 0 by 0. Subtract each slice's own maximum: np.max(x, axis=axis, keepdims=True).\nYou "
    "returned\n{got}":
        "{what} 返回了 NaN：你减去的是整个数组的最大值，远小于它的那些片会下溢成 exp(...) = 0，结果变成 0 除以 0。"
        "要减去每一片自己的最大值：np.max(x, axis=axis, keepdims=True)。\n你返回的是\n{got}",
    "{what} returned NaN or inf: exp(1000) overflows float64. Subtract the maximum along the axis before exp: "
    "softmax(x) = softmax(x - max(x)), so the result is unchanged.\nYou returned\n{got}":
        "{what} 返回了 NaN 或 inf：exp(1000) 超出了 float64 的范围。取 exp 之前先减去沿这个轴的最大值："
        "softmax(x) = softmax(x - max(x))，结果不会变。\n你返回的是\n{got}",
    "the matrix is transposed: alpha[i, j] must pair query i (row) with key j (column), i.e. q @ k.T, not k @ q.T.":
        "矩阵转置了：alpha[i, j] 必须是第 i 个 Query（行）配上第 j 个 Key（列），也就是 q @ k.T，而不是 k @ q.T。",
    "the scores must not be scaled here: the lecture's alpha is the plain dot product q . k.":
        "这里的分数不要缩放：课上的 alpha 就是单纯的点积 q . k。",
    "these are already softmax weights; attention_scores returns the raw scores alpha.":
        "这已经是 Softmax 之后的权重了；attention_scores 要返回的是原始的注意力分数 alpha。",
    "you used W_q for the keys too: keys are k = a @ W_k.": "你算 Key 时也用了 W_q：Key 是 k = a @ W_k。",
    "you used W_k for the queries too: queries are q = a @ W_q.": "你算 Query 时也用了 W_k：Query 是 q = a @ W_q。",
    "you compared the inputs directly: project them first (q = a @ W_q, k = a @ W_k).":
        "你直接拿输入去比较了：要先做投影（q = a @ W_q，k = a @ W_k）。",
    "q.T @ k pairs features, not vectors (a d_k x d_k matrix): alpha[i, j] = q^i . k^j is q @ k.T, one row per query "
    "and one column per key.":
        "q.T @ k 配对的是特征而不是向量（得到 d_k x d_k 的矩阵）：alpha[i, j] = q^i . k^j 是 q @ k.T，"
        "每个 Query 一行，每个 Key 一列。",
    "the scores must not be scaled here: the lecture's alpha is the plain dot product q . k, without the 1/sqrt(d_k) "
    "of scaled dot-product attention (that comes in the next chapter).":
        "这里的分数不要缩放：课上的 alpha 就是单纯的点积 q . k，没有缩放点积注意力（Scaled Dot-Product Attention）"
        "里的 1/sqrt(d_k)（那是下一章的内容）。",
    "\nfor a of shape {shape}, W_q and W_k of shape {shape2}": "\na 的形状为 {shape}，W_q 和 W_k 的形状为 {shape2}",
    "the values are missing: weight v = a @ W_v, not the keys.":
        "少了 Value：要加权的是 v = a @ W_v，而不是 Key。",
    "the values are missing: weight v = a @ W_v, not the raw inputs a.":
        "少了 Value：要加权的是 v = a @ W_v，而不是原始输入 a。",
    "the weights are not normalised: apply softmax to the scores alpha before the weighted sum.":
        "权重没有归一化：做加权和之前，先对分数 alpha 做 Softmax。",
    "the softmax ran over the queries (axis 0), so each column sums to 1; it must run over the keys, so that each row "
    "(one query's weights) sums to 1.":
        "Softmax 沿着 Query 做了（axis 0），所以是每一列的和为 1；它必须沿着 Key 做，让每一行"
        "（一个 Query 的权重）的和为 1。",
    "the scores are transposed: b^i uses query i against every key j, alpha[i, j] = q^i . k^j.":
        "分数转置了：b^i 用的是第 i 个 Query 对每个 Key j 的分数，alpha[i, j] = q^i . k^j。",
    "you left out the vector's score with itself (alpha[i, i]); every key takes part, including i's.":
        "你漏掉了向量跟自己的分数（alpha[i, i]）；每个 Key 都要参与，包括 i 自己的。",
    "the query and key roles are swapped: q must come from W_q and k from W_k.":
        "Query 和 Key 的角色对调了：q 必须来自 W_q，k 来自 W_k。",
    "you multiplied the transposed weights with the values: b = weights @ v, row i of the weights for b^i, not "
    "weights.T @ v.":
        "你拿转置后的权重去乘 Value 了：b = weights @ v，b^i 用的是权重的第 i 行，而不是 weights.T @ v。",
    "{what} returned b^{j}, the output of position {j2}: attention_output(i, ...) uses the query of a[i], the vector "
    "at position i.":
        "{what} 返回的是 b^{j}，也就是位置 {j2} 的输出：attention_output(i, ...) 用的是 a[i] 的 Query，"
        "即位置 i 上的向量。",
    "the output of another position": "另一个位置的输出",
    "you returned the attention weights alpha'; b^i is their weighted sum of the values, alpha' @ v with v = a @ W_v.":
        "你返回的是注意力权重 alpha'；b^i 是用它们对 Value 做的加权和，alpha' @ v，其中 v = a @ W_v。",
    "you returned b for every query (shape {shape}); attention_output(i, ...) returns b^i only, one vector (row i).":
        "你返回了每个 Query 的 b（形状 {shape}）；attention_output(i, ...) 只返回 b^i 这一个向量（第 i 行）。",
    "\nfor a of shape {shape}": "\na 的形状为 {shape}",
    "the softmax ran over the queries (axis 0): each column sums to 1, but each row, one query's weights over all "
    "keys, must sum to 1.":
        "Softmax 沿着 Query 做了（axis 0）：变成每一列的和为 1，但应该是每一行，也就是一个 Query 对所有 Key 的权重，"
        "和为 1。",
    "the weights are transposed: row i must hold query i's weights over the keys.":
        "权重转置了：第 i 行必须是第 i 个 Query 对各个 Key 的权重。",
    "the weights are the raw scores: apply softmax to them.": "权重还是原始分数：要对它们做 Softmax。",
    "the pair is in the wrong order: return (b, weights), the outputs first.":
        "这一对值的顺序反了：请返回 (b, weights)，输出在前。",
    "these are ReLU weights: normalize defaults to \"softmax\", so without it the weights are the softmax of the "
    "scores.":
        "这是 ReLU 权重：normalize 的默认值是 \"softmax\"，所以不给它的时候，权重应该是分数的 Softmax。",
    "the weights returned by {what}": "{what} 返回的权重",
    "the outputs b returned by {what}": "{what} 返回的输出 b",
    "the ReLU weights must not be renormalised: use ReLU(alpha) as it is.":
        "ReLU 权重不要再归一化：直接用 ReLU(alpha)。",
    "that is the softmax, not ReLU(alpha).": "这是 Softmax，不是 ReLU(alpha)。",
    "the ReLU weights are transposed: row i is query i.": "ReLU 权重转置了：第 i 行是第 i 个 Query。",
    "SelfAttention must be a subclass of torch.nn.Module.": "SelfAttention 必须是 torch.nn.Module 的子类。",
    "SelfAttention needs an attribute {name} that is an nn.Linear; found {layer_type}.":
        "SelfAttention 需要一个属性 {name}，它是一个 nn.Linear；现在找到的是 {layer_type}。",
    "{name} must have no bias: create it with nn.Linear(..., bias=False).":
        "{name} 不能有 bias：请用 nn.Linear(..., bias=False) 创建它。",
    "{name} should map {fan_in} features to {fan_out}, so nn.Linear({fan_in}, {fan_out}, bias=False); its weight has "
    "shape {shape}.":
        "{name} 应该把 {fan_in} 个特征映射成 {fan_out} 个，也就是 nn.Linear({fan_in}, {fan_out}, bias=False)；"
        "它的 weight 形状却是 {shape}。",
    "{what} must return two torch tensors (out, weights).": "{what} 必须返回两个 torch tensor (out, weights)。",
    "{what} returned tensors on {device}/{device2} for inputs on {device3}: keep everything on the device of the "
    "input.":
        "输入在 {device3} 上，{what} 返回的 tensor 却在 {device}/{device2} 上：所有东西都要留在输入所在的设备上。",
    "On a batch, k.T reverses every axis, (B, N, d) -> (d, N, B); transpose the last two only: k.transpose(-2, -1) "
    "(or k.mT).":
        "在一个 Batch 上，k.T 会把所有轴反过来，(B, N, d) -> (d, N, B)；只转置最后两个轴：k.transpose(-2, -1)"
        "（或 k.mT）。",
    "the softmax ran over the batch (dim=0): F.softmax(scores) without dim= picks dim 0 for a 3-D tensor. Always give "
    "dim=-1, the keys.":
        "Softmax 沿着 Batch 做了（dim=0）：不给 dim= 时，F.softmax(scores) 对 3 维 tensor 会选 dim 0。"
        "一定要给 dim=-1，也就是 Key 那一维。",
    "the scores were scaled by 1/sqrt(d_k); the lecture's layer uses the plain dot product.":
        "分数被乘上了 1/sqrt(d_k)；课上的这一层用的是单纯的点积。",
    "the softmax ran over the queries (dim=-2); it must run over the keys (dim=-1), so each row sums to 1.":
        "Softmax 沿着 Query 做了（dim=-2）；它必须沿着 Key 做（dim=-1），让每一行的和为 1。",
    "the weights are transposed: use q @ k.transpose(-2, -1), row i for query i.":
        "权重转置了：请用 q @ k.transpose(-2, -1)，第 i 行对应第 i 个 Query。",
    "the weights are the raw scores: apply softmax over the keys.": "权重还是原始分数：要沿着 Key 做 Softmax。",
    "SelfAttention(4, 3, 2)(x) for x of shape (3, 5, 4)": "SelfAttention(4, 3, 2)(x)（x 的形状为 (3, 5, 4)）",
    "the attention weights of {what}": "{what} 的注意力权重",
    "the output of {what}": "{what} 的输出",
    "the values are missing: multiply the weights with v = W_v(x), not with the keys.":
        "少了 Value：权重要乘的是 v = W_v(x)，而不是 Key。",
    "the values are missing: multiply the weights with v = W_v(x), not with x itself.":
        "少了 Value：权重要乘的是 v = W_v(x)，而不是 x 本身。",
    "the mask was applied to the queries (rows) instead of the keys (columns): your real positions still attend to "
    "the padding, and only the padded rows changed. Padding is about which vectors may be attended to: mask the key "
    "axis, mask[:, None, :] (mask.unsqueeze(1)), so every padded column gets weight 0.":
        "Mask 用在了 Query（行）上，而不是 Key（列）上：真实位置仍然会关注到 Padding，变的只有 Padding 那几行。"
        "Padding 管的是哪些向量可以被关注：要遮住 Key 那一维，mask[:, None, :]（mask.unsqueeze(1)），"
        "让每个 Padding 的列权重都是 0。",
    "the mask is used the wrong way round: True marks a REAL position (the course's convention, the opposite of "
    "PyTorch's key_padding_mask), so hide the keys where it is False: scores.masked_fill(~mask[:, None, :], "
    "float('-inf')).":
        "Mask 用反了：True 表示“真实”位置（这是本课程的约定，和 PyTorch 的 key_padding_mask 正好相反），"
        "所以要遮住 mask 为 False 的 Key：scores.masked_fill(~mask[:, None, :], float('-inf'))。",
    "multiplying the scores by the mask sets the padded scores to 0, not -inf: exp(0) still gives the padding weight. "
    "Fill them with -inf before the softmax: scores.masked_fill(~mask[:, None, :], float('-inf')).":
        "把分数乘上 Mask 只会让 Padding 的分数变成 0，而不是 -inf：exp(0) 仍然会给 Padding 权重。"
        "要在 Softmax 之前把它们填成 -inf：scores.masked_fill(~mask[:, None, :], float('-inf'))。",
    "SelfAttention(4, 3, 2)(x, mask) with lengths 5, 3 and 1": "SelfAttention(4, 3, 2)(x, mask)（长度为 5、3 和 1）",
    "{what} returned weights of shape {shape}, expected (3, 5, 5).":
        "{what} 返回的权重形状是 {shape}，应该是 (3, 5, 5)。",
    "{what}: padded positions receive attention weight (up to {max:.4f}). Set the scores of padded keys to -inf (or a "
    "very negative number) before the softmax, e.g. scores.masked_fill(~mask[:, None, :], float('-inf')).":
        "{what}：Padding 的位置分到了注意力权重（最大到 {max:.4f}）。要在 Softmax 之前把 Padding 的 Key 的分数设成 "
        "-inf（或一个很小的负数），例如 scores.masked_fill(~mask[:, None, :], float('-inf'))。",
    "the weights of the real (unpadded) queries in {what}": "{what} 中真实（非 Padding）Query 的权重",
    "the padded keys were zeroed after the softmax, so each row no longer sums to 1: mask the scores before the "
    "softmax (masked_fill with -inf), or divide by the new row sums.":
        "Padding 的 Key 是在 Softmax 之后才设成 0 的，所以每一行的和不再是 1：要在 Softmax 之前对分数做 Mask"
        "（用 masked_fill 填 -inf），或者再除以新的行和。",
    "the outputs at the real (unpadded) positions in {what}": "{what} 在真实（非 Padding）位置上的输出",
    "SelfAttention.forward with a padding mask": "带 Padding Mask 的 SelfAttention.forward",
    "SelfAttention.forward without a mask (mask=None)": "不带 Mask 的 SelfAttention.forward（mask=None）",
    "Create new tensors on the input's device (device=x.device), or use masked_fill / torch.zeros_like.":
        "新的 tensor 要建在输入所在的设备上（device=x.device），或者改用 masked_fill / torch.zeros_like。",
    "`tagger` must be built from your SelfAttention and nn.Linear layers, with forward(tokens, mask).":
        "`tagger` 必须用你的 SelfAttention 和 nn.Linear 层搭成，forward 为 forward(tokens, mask)。",
    "part 7 (SelfAttention, values)": "第 7 部分（SelfAttention，Value）",
    "part 7 (SelfAttention, padding mask)": "第 7 部分（SelfAttention，Padding Mask）",
    "Check that the residual connection keeps each token's own embedding, that padding is masked, and train a little "
    "longer.":
        "检查残差连接（Residual Connection）有没有保留每个 Token 自己的 Embedding、Padding 有没有被 Mask 掉，"
        "再多训练一会儿。",
    "your tagger tags {acc:.1%} of held-out tokens correctly; it needs at least {min_accuracy:.0%}. {advice}":
        "你的 Tagger 在留出的 Token 上标对了 {acc:.1%}；至少需要 {min_accuracy:.0%}。{advice}",

    # ---------------------------------------------------------------- engine: the feedback page, `check`
    "A written answer, graded by your instructor (it counts 0 until it is graded).":
        "书面作答，由老师批改（批改之前记 0 分）。",
    "Graded by your instructor: {score} / {points}": "老师批改：{score} / {points}",
    "This part lost its points.": "这一部分没有得分。",
    "Passed.": "通过。",
    "Lost {points} points": "失去 {points} 分",
    "Lost {points} point": "失去 {points} 分",
    "Passed: {score} / {points}": "通过：{score} / {points}",
    "Summary of your grade": "成绩总览",
    "points": "分",
    "Part": "部分",
    "Points": "分数",
    "What happened": "说明",
    "Late submission": "迟交",
    " (written answers are graded by your instructor)": "（书面作答由老师批改）",
    "not graded: {reason}": "没有批改：{reason}",
    "  ?  {part}: written answer, graded by hand ({worth} points)": "  ?  {part}：书面作答，由老师批改（{worth} 分）",

    # ---------------------------------------------------------------- slips.py (any part)
    "torch.max(x, dim=...) (and min, sort, topk) returns a pair (values, indices), not a tensor: take .values (or "
    "use torch.amax / torch.amin, which return the values only).":
        "torch.max(x, dim=...)（以及 min、sort、topk）返回的是一对 (values, indices)，不是一个 tensor：取 .values"
        "（或者改用只返回数值的 torch.amax / torch.amin）。",
    "A torch reduction with dim= returned a pair (values, indices): take .values.":
        "带 dim= 的 torch 归约运算返回了一对 (values, indices)：取 .values。",
    "torch.max(a, b) of two tensors is torch.maximum(a, b); torch.max(x, dim) returns (values, indices).":
        "两个 tensor 的 torch.max(a, b) 要写成 torch.maximum(a, b)；torch.max(x, dim) 返回的是 (values, indices)。",
    "A tensor of several values is neither True nor False: `if t:`, `and`, `or` and `not` need one bool. Combine "
    "masks with &, | and ~, and test them with .any() or .all().":
        "含有多个值的 tensor 既不是 True 也不是 False：`if t:`、`and`、`or` 和 `not` 都需要单个 bool。"
        "合并 Mask 请用 &、| 和 ~，判断时用 .any() 或 .all()。",
    "An array of several values is neither True nor False: `if a:`, `and`, `or` and `not` need one bool. Combine "
    "boolean arrays with &, | and ~, and test them with .any() or .all().":
        "含有多个值的数组既不是 True 也不是 False：`if a:`、`and`、`or` 和 `not` 都需要单个 bool。"
        "合并布尔数组请用 &、| 和 ~，判断时用 .any() 或 .all()。",
    "After transpose or permute a tensor is no longer contiguous, and .view cannot reshape it: use .reshape(...) (or "
    ".contiguous().view(...)).":
        "transpose 或 permute 之后 tensor 在内存里不再连续，.view 没办法改变它的形状：请用 .reshape(...)"
        "（或 .contiguous().view(...)）。",
    "The inner sizes of a matrix product must agree, (n, d) @ (d, m): check the order of the operands, and which one "
    "needs .T or .transpose(-2, -1). nn.Linear(n_in, n_out) takes inputs whose last axis has n_in features.":
        "矩阵乘法中间的两个维度必须一致，(n, d) @ (d, m)：检查两个操作数的顺序，以及哪一个需要 .T 或 "
        ".transpose(-2, -1)。nn.Linear(n_in, n_out) 的输入最后一维要有 n_in 个特征。",
    "The inner sizes of a matrix product must agree, (n, d) @ (d, m): check the order of the operands, and which one "
    "needs .T.":
        "矩阵乘法中间的两个维度必须一致，(n, d) @ (d, m)：检查两个操作数的顺序，以及哪一个需要 .T。",
    "Two tensors of different dtypes met: a tensor you created is float32 (PyTorch's default) while the input is "
    "float64, or the other way round. Create new tensors with dtype=x.dtype (torch.zeros_like(x), x.new_zeros(...)), "
    "or compute them from the inputs.":
        "两个 dtype 不同的 tensor 碰在一起了：你新建的 tensor 是 float32（PyTorch 的默认值），而输入是 float64，"
        "或者反过来。新建 tensor 时请用 dtype=x.dtype（torch.zeros_like(x)、x.new_zeros(...)），或者从输入算出来。",
    "Two tensors on different devices met: create new tensors on the input's device (device=x.device, "
    "torch.zeros_like, x.new_zeros) and never call .cpu() or .cuda() inside your code.":
        "两个在不同设备上的 tensor 碰在一起了：新的 tensor 要建在输入所在的设备上（device=x.device、"
        "torch.zeros_like、x.new_zeros），而且不要在你的代码里调用 .cpu() 或 .cuda()。",
    "masked_fill needs a bool mask: pass mask.bool() (or mask == 0 for its complement), not a float or int tensor.":
        "masked_fill 需要 bool 类型的 Mask：请传入 mask.bool()（要取反就用 mask == 0），"
        "而不是 float 或 int 的 tensor。",
    "An in-place operation wrote floats into an integer or bool tensor: create the tensor as floats (torch.zeros(..., "
    "dtype=x.dtype)) or use the out-of-place form (a = a + b).":
        "一个原地（in-place）运算把浮点数写进了整数或 bool 的 tensor：请把这个 tensor 建成浮点数"
        "（torch.zeros(..., dtype=x.dtype)），或者改用非原地的写法（a = a + b）。",
    "An in-place operation (x += ..., x[...] = ..., masked_fill_, relu_) changed a tensor that the gradient still "
    "needs: use the out-of-place form (x = x + ..., masked_fill, torch.where).":
        "一个原地（in-place）运算（x += ...、x[...] = ...、masked_fill_、relu_）改动了梯度计算还要用的 tensor："
        "请改用非原地的写法（x = x + ...、masked_fill、torch.where）。",
    "Tensors that take part in training cannot become NumPy arrays: compute with torch operations (or .detach() where "
    "no gradient is needed).":
        "参与训练的 tensor 不能直接变成 NumPy 数组：请用 torch 的运算来算（不需要梯度的地方可以用 .detach()）。",
    "A tensor on a GPU cannot become a NumPy array: keep the computation in torch operations.":
        "GPU 上的 tensor 不能直接变成 NumPy 数组：请一直用 torch 的运算来算。",
    "torch.cat and torch.stack take tensors only: convert with torch.as_tensor(..., device=x.device), or build the "
    "pieces with torch operations.":
        "torch.cat 和 torch.stack 只接受 tensor：请用 torch.as_tensor(..., device=x.device) 转换，"
        "或者用 torch 的运算来构造这些片段。",
    "A NumPy array reached a torch method: NumPy and torch mix badly; use torch operations throughout (torch.as_tensor "
    "converts an array).":
        "一个 NumPy 数组被拿去调用 torch 的方法了：NumPy 和 torch 混用很容易出错；请从头到尾都用 torch 的运算"
        "（torch.as_tensor 可以转换数组）。",
    "A torch tensor reached a NumPy method: torch spells them .to(dtype), .clone(), keepdim= and dim=.":
        "一个 torch tensor 被拿去调用 NumPy 的方法了：torch 的写法是 .to(dtype)、.clone()、keepdim= 和 dim=。",
    "torch spells NumPy's axis= and keepdims= as dim= and keepdim=.":
        "NumPy 的 axis= 和 keepdims=，在 torch 里写成 dim= 和 keepdim=。",
    "torch.softmax needs the axis to normalise over: torch.softmax(x, dim=-1).":
        "torch.softmax 需要指定沿哪个轴归一化：torch.softmax(x, dim=-1)。",
    "x.shape is an attribute, not a method: x.shape[0] (or x.size(0)).":
        "x.shape 是属性，不是方法：x.shape[0]（或 x.size(0)）。",
    "A method was indexed instead of called: x.size(0) or x.shape[0], not x.size[0].":
        "方法被拿来做索引而不是调用：要写 x.size(0) 或 x.shape[0]，而不是 x.size[0]。",
    "An optional argument is None when it is not given (its default, mask=None): handle that case first, e.g. `if "
    "mask is not None:` before using it.":
        "可选参数没有给的时候就是 None（它的默认值，mask=None）：请先处理这种情况，例如使用前先写 "
        "`if mask is not None:`。",
    "A value you used is None: a function of yours may lack its `return`, or you kept the result of an in-place method "
    "(list.sort(), list.append, random.shuffle), which returns None.":
        "你用到的某个值是 None：可能是你的某个函数少了 `return`，或者你保存了原地方法"
        "（list.sort()、list.append、random.shuffle）的结果，而它们返回的是 None。",
    "A value you used is None: a function of yours may lack its `return`, or you kept the result of an in-place method "
    "(list.sort(), list.append), which returns None.":
        "你用到的某个值是 None：可能是你的某个函数少了 `return`，或者你保存了原地方法"
        "（list.sort()、list.append）的结果，而它们返回的是 None。",
    "An axis number is out of range for this input: count axes from the end (dim=-1 for the last, -2 for the one "
    "before), so the same code works with or without a batch axis.":
        "轴的编号超出了这个输入的范围：请从后面数轴（dim=-1 是最后一个，-2 是倒数第二个），"
        "这样同一段代码有没有 Batch 这一维都能用。",
    "An axis number is out of range for this input: count axes from the end (axis=-1 for the last), so the same code "
    "works for any number of dimensions.":
        "轴的编号超出了这个输入的范围：请从后面数轴（axis=-1 是最后一个），这样同一段代码对任意维数都能用。",
    "Import it in a cell that runs before: `import torch.nn.functional as F`, `import numpy as np`, `import torch`, "
    "`from torch import nn`, `import math`.":
        "请在前面会执行的 cell 里 import 它：`import torch.nn.functional as F`、`import numpy as np`、"
        "`import torch`、`from torch import nn`、`import math`。",
    "Arithmetic on a Python list works element by element only on arrays: convert it first with np.asarray(...) (or "
    "torch.as_tensor).":
        "只有数组才会逐元素做算术，Python list 不会：请先用 np.asarray(...)（或 torch.as_tensor）转换。",
    "An index or a slice bound must be a Python int: use int(...) on a count, and // rather than / for integer "
    "division.":
        "索引或切片的边界必须是 Python int：对个数用 int(...)，整数除法用 // 而不是 /。",
    "A size or a count must be an int: use // (floor division) or int(...), not /.":
        "大小或个数必须是 int：请用 //（整除）或 int(...)，不要用 /。",
    "view and reshape keep the number of elements: the sizes you ask for hold another count. A size-1 axis broadcasts "
    "as it is (no reshape needed), and a batch axis may be missing or extra: check each size.":
        "view 和 reshape 不会改变元素个数：你要的形状装的元素个数不一样。大小为 1 的轴本来就会 broadcast"
        "（不需要 reshape），而 Batch 那一维可能少了或多了：逐个检查每一维的大小。",
    "Two tensors do not broadcast: after a reduction keep its axis (keepdim=True) or add one (t[:, None], "
    "t.unsqueeze(-1)) so the sizes line up.":
        "两个 tensor 无法 broadcast：归约之后保留那个轴（keepdim=True），或者补上一个轴（t[:, None]、"
        "t.unsqueeze(-1)），让大小对齐。",
    "Two arrays do not broadcast: after a reduction keep its axis (keepdims=True) or add one (a[:, None]) so the "
    "shapes line up.":
        "两个数组无法 broadcast：归约之后保留那个轴（keepdims=True），或者补上一个轴（a[:, None]），让形状对齐。",

    # ---------------------------------------------------------------- devices.py (any part on a GPU)
    " (This test runs your code on PyTorch's \"meta\" device, which stands in for a GPU: tensors there have shapes "
    "but no data.)":
        "（这项测试在 PyTorch 的 \"meta\" 设备上执行你的代码，用它来代替 GPU：那里的 tensor 只有形状，没有数据。）",
    "Create new tensors on the input's device (device=x.device), or use torch.zeros_like, x.new_zeros, masked_fill, "
    "torch.where.":
        "新的 tensor 要建在输入所在的设备上（device=x.device），或者改用 torch.zeros_like、x.new_zeros、masked_fill、"
        "torch.where。",
    "{what} moves a tensor to the CPU (.{error}()); on a GPU the result would then leave the GPU or clash with it. "
    "Keep everything on the device of the inputs: no .cpu(), .numpy() or .to('cpu') here.{note}":
        "{what} 把一个 tensor 搬到了 CPU 上（.{error}()）；在 GPU 上，结果就会离开 GPU，或者和 GPU 上的 tensor 冲突。"
        "所有东西都要留在输入所在的设备上：这里不要用 .cpu()、.numpy() 或 .to('cpu')。{note}",
    "{what} (on the CPU as well as on the meta device)": "{what}（在 CPU 上和在 meta 设备上都一样）",
    "{what} creates a tensor on the CPU while its input lives on another device ({error_type}: {error_text}). On a "
    "GPU this crashes or leaves results on the CPU. {advice}{note}":
        "输入在另一个设备上，{what} 却在 CPU 上新建了 tensor（{error_type}: {error_text}）。在 GPU 上这会出错，"
        "或者把结果留在 CPU 上。{advice}{note}",
    "{what} returned a tensor on {device} for inputs on {device2}: keep everything on the device of the inputs "
    "(device=x.device, torch.zeros_like, ...); never hard-code .cpu() or .cuda().{note}":
        "输入在 {device2} 上，{what} 返回的 tensor 却在 {device} 上：所有东西都要留在输入所在的设备上"
        "（device=x.device、torch.zeros_like 等）；不要把 .cpu() 或 .cuda() 写死在代码里。{note}",
}
