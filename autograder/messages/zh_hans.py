"""The checks' messages in Simplified Chinese: English template -> its translation,
placeholders kept.

Written as the lecture's teacher would say it, with the lecture's terms (book/zh-hans/glossary.md):
Query, Key, Value, Softmax, Mask and the like stay in English where the lecture keeps them; code,
shapes, numbers and formulas stay as they are. Traditional Chinese is made from this table
(autograder.messages). tests/checks/test_messages.py fails on a template of the checks missing here,
and on an entry here whose template is gone.
"""

ZH_HANS = {
    # ---------------------------------------------------------------- common.py, errors.py
    "{what} is not implemented yet: replace `raise NotImplementedError()` with your code.": "{what} 还没有实现：把 `raise NotImplementedError()` 换成你的代码。",
    "{what} raised {name} at `{line}`: {text}": "{what} 在 `{line}` 这一行抛出了 {name}：{text}",
    "{what} raised {name}: {text}": "{what} 抛出了 {name}：{text}",
    "{what}: {message}": "{what}：{message}",
    "(its message could not be read)": "（读不出它的错误信息）",
    "(no message)": "（没有错误信息）",
    "`{name}` should be your trained {kind} (an nn.Module), found {model_type}.": "`{name}` 应该是你训练好的 {kind}（一个 nn.Module），但这里是 {model_type}。",
    "`{name}` has no parameters to train.": "`{name}` 没有任何可以训练的参数。",
    "evaluating `tagger(tokens, mask)`": "评估 `tagger(tokens, mask)` 时",
    "your function": "你的函数",
    "{what}: expected a function, but found {fn_type}. Did you run the cell that defines it?": "{what}：这里应该是一个函数，但找到的是 {fn_type}。定义它的那个 cell 执行过了吗？",
    "{what} must return a pair ({names}, {names2}), but returned {result_type}.": "{what} 必须返回一对值 ({names}, {names2})，但返回的是 {result_type}。",
    "{what} must return two torch tensors ({names}, {names2}); found {first_type} "
    "and {second_type}.": "{what} 必须返回两个 torch tensor ({names}, {names2})；实际是 {first_type} "
    "和 {second_type}。",
    "{what} returned {x_type}, which is not an array of numbers.": "{what} 返回了 {x_type}，它不是一个数值数组。",
    "{what} should return one number (a scalar), but returned an array of shape {shape}.": "{what} 应该返回一个数（标量），但返回了形状为 {shape} 的数组。",
    "{what} returned shape {shape}, expected {shape2}: {squeezed}": "{what} 返回的形状是 {shape}，应该是 {shape2}：{squeezed}",
    "{what} returned shape {shape}, expected {shape2}.{show_input}": "{what} 返回的形状是 {shape}，应该是 {shape2}。{show_input}",
    "{what} returned NaN or inf values:\n{got}{show_input}": (
        "{what} 返回了 NaN 或 inf：\n{got}{show_input}"
    ),
    "{what} does not give the expected "
    "result.\nYou returned\n{got}\nExpected\n{expected}{show_input}": "{what} 的结果不对。\n你返回的是\n{got}\n正确结果是\n{expected}{show_input}",
    "the values are right, but an axis of length 1 was dropped or added (np.squeeze, .squeeze(), "
    "[0] or [None]); keep the shape the task gives, also when a size is 1.": "数值是对的，但多了或少了一个长度为 1 的维度（np.squeeze、.squeeze()、[0] 或 [None]）；"
    "请保持题目给定的形状，某个维度大小是 1 的时候也一样。",
    "{what} should raise {exc_type_name}, but raised {exc_type}: {exception_text}{value}": "{what} 应该抛出 {exc_type_name}，但抛出的是 {exc_type}：{exception_text}{value}",
    "{what} should raise {exc_type_name}, but returned normally.": "{what} 应该抛出 {exc_type_name}，但它正常返回了。",
    "Your tagger": "你的 Tagger",
    "{built} is built from your `{name}`, and {part} fails ({first}). Fix that part first, then "
    "retrain: this part's grade follows from it.": "{built} 是用你的 `{name}` 搭起来的，而 {part} 没有通过（{first}）。请先修好那一部分，"
    "再重新训练：这一部分的分数取决于它。",
    # ---------------------------------------------------------------- self_attention.py (04)
    "dot_product_score(q, k) returned a {result_type} of shape {shape}; return a Python float: "
    "float(np.dot(q, k)).": "dot_product_score(q, k) 返回了形状为 {shape} 的 {result_type}；请返回一个 Python float："
    "float(np.dot(q, k))。",
    "returned an array, not a float": "返回了数组，而不是 float",
    "dot_product_score(q, k): you returned the elementwise product q * k; the dot product is its "
    "sum, one number: np.sum(q * k), or q @ k.": "dot_product_score(q, k)：你返回的是逐元素乘积 q * k；点积（Dot Product）"
    "是把它加起来得到的一个数：np.sum(q * k)，或 q @ k。",
    "you returned the sum of q and k, not the sum of their elementwise product.": "你返回的是 q 和 k 相加的和，而不是它们逐元素相乘之后的和。",
    "you returned the length of q times the length of k; the dot product also depends on the angle "
    "between them (multiply elementwise, then sum).": "你返回的是 q 的长度乘以 k 的长度；点积还跟两个向量之间的夹角有关（逐元素相乘，再相加）。",
    "\nwith q = {q} and k = {k}": "\n输入 q = {q}，k = {k}",
    "\nwith q = {q}, k = {k}": "\n输入 q = {q}，k = {k}",
    "you concatenated k before q; the order is concat(q, k).": (
        "你把 k 拼接在 q 前面了；顺序应该是 concat(q, k)。"
    ),
    "the tanh is missing: w . tanh(W @ concat(q, k)).": "少了 tanh：w . tanh(W @ concat(q, k))。",
    "the tanh must come after W: w . tanh(W @ concat(q, k)), not w . (W @ tanh(...)).": "tanh 要放在 W 之后：w . tanh(W @ concat(q, k))，而不是 w . (W @ tanh(...))。",
    "the tanh must come between W and w: w . tanh(W @ concat(q, k)), not tanh(w . (W @ "
    "concat(q, k))).": "tanh 要放在 W 和 w 之间：w . tanh(W @ concat(q, k))，而不是 tanh(w . (W @ "
    "concat(q, k)))。",
    "the softmax ran over axis {ax} instead of axis {axis}: each slice along the requested axis "
    "must sum to 1 (use axis=axis and keepdims=True).": "Softmax 沿着 axis {ax} 做了，而不是 axis {axis}：沿指定的轴，每一片的和都必须是 1"
    "（用 axis=axis 和 keepdims=True）。",
    "the result is not normalised: divide exp(x) by its sum along the axis.": "结果没有归一化：要把 exp(x) 除以它沿这个轴的和。",
    "the result is not normalised: divide exp(x) by its sum along the axis, not by something else.": "结果没有归一化：要把 exp(x) 除以它沿这个轴的和，而不是除以别的东西。",
    "you divided by the sum over the whole array; sum only along the axis (keepdims=True).": "你除以的是整个数组的总和；只能沿着这个轴求和（keepdims=True）。",
    "the sum lost its axis: without keepdims=True, e / e.sum(axis=axis) divides each row by the "
    "wrong sums (or fails to broadcast); use e.sum(axis=axis, keepdims=True).": "求和之后少了那个轴：没有 keepdims=True，e / e.sum(axis=axis) "
    "会把每一行除以错误的和（或者无法 broadcast）；请用 e.sum(axis=axis, keepdims=True)。",
    "softmax(x, axis={axis}) for x of shape {shape}": (
        "softmax(x, axis={axis})（x 的形状为 {shape}）"
    ),
    "\nwith x =\n{x}": "\n输入 x =\n{x}",
    "softmax(x) with the default axis": "使用默认 axis 的 softmax(x)",
    "the default must be axis=-1, the last axis; without axis= your softmax ran over axis {ax}: "
    "def softmax(x, axis=-1).": "默认值必须是 axis=-1，也就是最后一个轴；不给 axis= 时，你的 Softmax 沿着 axis {ax} 做了："
    "def softmax(x, axis=-1)。",
    "\n(the default must be axis=-1, the last axis)": (
        "\n（默认值必须是 axis=-1，也就是最后一个轴）"
    ),
    "softmax(x, axis={axis}) with entries as large as 1e4": (
        "softmax(x, axis={axis})（元素大到 1e4）"
    ),
    "{what} returned NaN: you subtracted the maximum of the whole array, so slices far below it "
    "underflow to exp(...) = 0 and divide 0 by 0. Subtract each slice's own maximum: np.max(x, "
    "axis=axis, keepdims=True).\nYou returned\n{got}": "{what} 返回了 NaN：你减去的是整个数组的最大值，远小于它的那些片会下溢成 exp(...) = 0，"
    "结果变成 0 除以 0。要减去每一片自己的最大值：np.max(x, axis=axis, "
    "keepdims=True)。\n你返回的是\n{got}",
    "{what} returned NaN or inf: exp(1000) overflows float64. Subtract the maximum along the axis "
    "before exp: softmax(x) = softmax(x - max(x)), so the result is "
    "unchanged.\nYou returned\n{got}": "{what} 返回了 NaN 或 inf：exp(1000) 超出了 float64 的范围。取 exp "
    "之前先减去沿这个轴的最大值：softmax(x) = softmax(x - max(x))，"
    "结果不会变。\n你返回的是\n{got}",
    "the matrix is transposed: alpha[i, j] must pair query i (row) with key j (column), i.e. q @ "
    "k.T, not k @ q.T.": "矩阵转置了：alpha[i, j] 必须是第 i 个 Query（行）配上第 j 个 Key（列），也就是 q @ k.T，"
    "而不是 k @ q.T。",
    "the scores must not be scaled here: the lecture's alpha is the plain dot product q . k.": "这里的分数不要缩放：课上的 alpha 就是单纯的点积 q . k。",
    "these are already softmax weights; attention_scores returns the raw scores alpha.": "这已经是 Softmax 之后的权重了；attention_scores 要返回的是原始的注意力分数 alpha。",
    "you used W_q for the keys too: keys are k = a @ W_k.": (
        "你算 Key 时也用了 W_q：Key 是 k = a @ W_k。"
    ),
    "you used W_k for the queries too: queries are q = a @ W_q.": (
        "你算 Query 时也用了 W_k：Query 是 q = a @ W_q。"
    ),
    "you compared the inputs directly: project them first (q = a @ W_q, k = a @ W_k).": "你直接拿输入去比较了：要先做投影（q = a @ W_q，k = a @ W_k）。",
    "q.T @ k pairs features, not vectors (a d_k x d_k matrix): alpha[i, j] = q^i . k^j is q @ k.T, "
    "one row per query and one column per key.": "q.T @ k 配对的是特征而不是向量（得到 d_k x d_k 的矩阵）：alpha[i, j] = q^i . k^j 是 q @ "
    "k.T，每个 Query 一行，每个 Key 一列。",
    "the scores must not be scaled here: the lecture's alpha is the plain dot product q . k, "
    "without the 1/sqrt(d_k) of scaled dot-product attention (that comes in the next chapter).": "这里的分数不要缩放：课上的 alpha 就是单纯的点积 q . k，没有缩放点积注意力（Scaled "
    "Dot-Product Attention）里的 1/sqrt(d_k)（那是下一章的内容）。",
    "\nfor a of shape {shape}, W_q and W_k of shape {shape2}": (
        "\na 的形状为 {shape}，W_q 和 W_k 的形状为 {shape2}"
    ),
    "the values are missing: weight v = a @ W_v, not the keys.": "少了 Value：要加权的是 v = a @ W_v，而不是 Key。",
    "the values are missing: weight v = a @ W_v, not the raw inputs a.": "少了 Value：要加权的是 v = a @ W_v，而不是原始输入 a。",
    "the weights are not normalised: apply softmax to the scores alpha before the weighted sum.": "权重没有归一化：做加权和之前，先对分数 alpha 做 Softmax。",
    "the softmax ran over the queries (axis 0), so each column sums to 1; it must run over the "
    "keys, so that each row (one query's weights) sums to 1.": "Softmax 沿着 Query 做了（axis 0），所以是每一列的和为 1；它必须沿着 Key 做，让每一行"
    "（一个 Query 的权重）的和为 1。",
    "the scores are transposed: b^i uses query i against every key j, alpha[i, j] = q^i . k^j.": "分数转置了：b^i 用的是第 i 个 Query 对每个 Key j 的分数，alpha[i, j] = q^i . k^j。",
    "you left out the vector's score with itself (alpha[i, i]); every key takes part, "
    "including i's.": "你漏掉了向量跟自己的分数（alpha[i, i]）；每个 Key 都要参与，包括 i 自己的。",
    "the query and key roles are swapped: q must come from W_q and k from W_k.": "Query 和 Key 的角色对调了：q 必须来自 W_q，k 来自 W_k。",
    "you multiplied the transposed weights with the values: b = weights @ v, row i of the weights "
    "for b^i, not weights.T @ v.": "你拿转置后的权重去乘 Value 了：b = weights @ v，b^i 用的是权重的第 i 行，而不是 weights.T "
    "@ v。",
    "{what} returned b^{j}, the output of position {j2}: attention_output(i, ...) uses the query "
    "of a[i], the vector at position i.": "{what} 返回的是 b^{j}，也就是位置 {j2} 的输出：attention_output(i, ...) 用的是 a[i] 的 "
    "Query，即位置 i 上的向量。",
    "the output of another position": "另一个位置的输出",
    "you returned the attention weights alpha'; b^i is their weighted sum of the values, alpha' @ "
    "v with v = a @ W_v.": "你返回的是注意力权重 alpha'；b^i 是用它们对 Value 做的加权和，alpha' @ v，其中 v = a "
    "@ W_v。",
    "you returned b for every query (shape {shape}); attention_output(i, ...) returns b^i only, "
    "one vector (row i).": "你返回了每个 Query 的 b（形状 {shape}）；attention_output(i, ...) 只返回 b^i "
    "这一个向量（第 i 行）。",
    "\nfor a of shape {shape}": "\na 的形状为 {shape}",
    "the softmax ran over the queries (axis 0): each column sums to 1, but each row, one query's "
    "weights over all keys, must sum to 1.": "Softmax 沿着 Query 做了（axis 0）：变成每一列的和为 1，但应该是每一行，也就是一个 Query "
    "对所有 Key 的权重，和为 1。",
    "the weights are transposed: row i must hold query i's weights over the keys.": "权重转置了：第 i 行必须是第 i 个 Query 对各个 Key 的权重。",
    "the weights are the raw scores: apply softmax to them.": (
        "权重还是原始分数：要对它们做 Softmax。"
    ),
    "the pair is in the wrong order: return (b, weights), the outputs first.": "这一对值的顺序反了：请返回 (b, weights)，输出在前。",
    'these are ReLU weights: normalize defaults to "softmax", so without it the weights are the '
    "softmax of the scores.": '这是 ReLU 权重：normalize 的默认值是 "softmax"，所以不给它的时候，'
    "权重应该是分数的 Softmax。",
    "the weights returned by {what}": "{what} 返回的权重",
    "the outputs b returned by {what}": "{what} 返回的输出 b",
    "the ReLU weights must not be renormalised: use ReLU(alpha) as it is.": "ReLU 权重不要再归一化：直接用 ReLU(alpha)。",
    "that is the softmax, not ReLU(alpha).": "这是 Softmax，不是 ReLU(alpha)。",
    "the ReLU weights are transposed: row i is query i.": (
        "ReLU 权重转置了：第 i 行是第 i 个 Query。"
    ),
    "SelfAttention must be a subclass of torch.nn.Module.": (
        "SelfAttention 必须是 torch.nn.Module 的子类。"
    ),
    "SelfAttention needs an attribute {name} that is an nn.Linear; found {layer_type}.": "SelfAttention 需要一个属性 {name}，它是一个 nn.Linear；现在找到的是 {layer_type}。",
    "{name} must have no bias: create it with nn.Linear(..., bias=False).": "{name} 不能有 bias：请用 nn.Linear(..., bias=False) 创建它。",
    "{name} should map {fan_in} features to {fan_out}, so nn.Linear({fan_in}, {fan_out}, "
    "bias=False); its weight has shape {shape}.": "{name} 应该把 {fan_in} 个特征映射成 {fan_out} 个，也就是 nn.Linear({fan_in}, {fan_out}, "
    "bias=False)；它的 weight 形状却是 {shape}。",
    "{what} must return two torch tensors (out, weights).": (
        "{what} 必须返回两个 torch tensor (out, weights)。"
    ),
    "{what} returned tensors on {device}/{device2} for inputs on {device3}: keep everything on the "
    "device of the input.": "输入在 {device3} 上，{what} 返回的 tensor 却在 {device}/{device2} "
    "上：所有东西都要留在输入所在的设备上。",
    "On a batch, k.T reverses every axis, (B, N, d) -> (d, N, B); transpose the last two only: "
    "k.transpose(-2, -1) (or k.mT).": "在一个 Batch 上，k.T 会把所有轴反过来，(B, N, d) -> (d, N, B)；只转置最后两个轴："
    "k.transpose(-2, -1)（或 k.mT）。",
    "the softmax ran over the batch (dim=0): F.softmax(scores) without dim= picks dim 0 for a 3-D "
    "tensor. Always give dim=-1, the keys.": "Softmax 沿着 Batch 做了（dim=0）：不给 dim= 时，F.softmax(scores) 对 3 维 tensor 会选 dim "
    "0。一定要给 dim=-1，也就是 Key 那一维。",
    "the scores were scaled by 1/sqrt(d_k); the lecture's layer uses the plain dot product.": "分数被乘上了 1/sqrt(d_k)；课上的这一层用的是单纯的点积。",
    "the softmax ran over the queries (dim=-2); it must run over the keys (dim=-1), so each row "
    "sums to 1.": "Softmax 沿着 Query 做了（dim=-2）；它必须沿着 Key 做（dim=-1），让每一行的和为 1。",
    "the weights are transposed: use q @ k.transpose(-2, -1), row i for query i.": "权重转置了：请用 q @ k.transpose(-2, -1)，第 i 行对应第 i 个 Query。",
    "the weights are the raw scores: apply softmax over the keys.": (
        "权重还是原始分数：要沿着 Key 做 Softmax。"
    ),
    "SelfAttention(4, 3, 2)(x) for x of shape (3, 5, 4)": (
        "SelfAttention(4, 3, 2)(x)（x 的形状为 (3, 5, 4)）"
    ),
    "the attention weights of {what}": "{what} 的注意力权重",
    "the output of {what}": "{what} 的输出",
    "the values are missing: multiply the weights with v = W_v(x), not with the keys.": "少了 Value：权重要乘的是 v = W_v(x)，而不是 Key。",
    "the values are missing: multiply the weights with v = W_v(x), not with x itself.": "少了 Value：权重要乘的是 v = W_v(x)，而不是 x 本身。",
    "the mask was applied to the queries (rows) instead of the keys (columns): your real positions "
    "still attend to the padding, and only the padded rows changed. Padding is about which vectors "
    "may be attended to: mask the key axis, mask[:, None, :] (mask.unsqueeze(1)), so every padded "
    "column gets weight 0.": "Mask 用在了 Query（行）上，而不是 Key（列）上：真实位置仍然会关注到 Padding，变的只有 "
    "Padding 那几行。Padding 管的是哪些向量可以被关注：要遮住 Key 那一维，mask[:, None, "
    ":]（mask.unsqueeze(1)），让每个 Padding 的列权重都是 0。",
    "the mask is used the wrong way round: True marks a REAL position (the course's convention, "
    "the opposite of PyTorch's key_padding_mask), so hide the keys where it is False: "
    "scores.masked_fill(~mask[:, None, :], float('-inf')).": "Mask 用反了：True 表示“真实”位置（这是本课程的约定，和 PyTorch 的 key_padding_mask "
    "正好相反），所以要遮住 mask 为 False 的 Key：scores.masked_fill(~mask[:, None, "
    ":], float('-inf'))。",
    "multiplying the scores by the mask sets the padded scores to 0, not -inf: exp(0) still gives "
    "the padding weight. Fill them with -inf before the softmax: scores.masked_fill(~mask[:, None, "
    ":], float('-inf')).": "把分数乘上 Mask 只会让 Padding 的分数变成 0，而不是 -inf：exp(0) 仍然会给 Padding 权重。"
    "要在 Softmax 之前把它们填成 -inf：scores.masked_fill(~mask[:, None, :], float('-inf'))。",
    "SelfAttention(4, 3, 2)(x, mask) with lengths 5, 3 and 1": (
        "SelfAttention(4, 3, 2)(x, mask)（长度为 5、3 和 1）"
    ),
    "{what} returned weights of shape {shape}, expected (3, 5, 5).": "{what} 返回的权重形状是 {shape}，应该是 (3, 5, 5)。",
    "{what}: padded positions receive attention weight (up to {max:.4f}). Set the scores of padded "
    "keys to -inf (or a very negative number) before the softmax, e.g. scores.masked_fill(~mask[:, "
    "None, :], float('-inf')).": "{what}：Padding 的位置分到了注意力权重（最大到 {max:.4f}）。要在 Softmax 之前把 Padding "
    "的 Key 的分数设成 -inf（或一个很小的负数），例如 scores.masked_fill(~mask[:, None, "
    ":], float('-inf'))。",
    "the weights of the real (unpadded) queries in {what}": (
        "{what} 中真实（非 Padding）Query 的权重"
    ),
    "the padded keys were zeroed after the softmax, so each row no longer sums to 1: mask the "
    "scores before the softmax (masked_fill with -inf), or divide by the new row sums.": "Padding 的 Key 是在 Softmax 之后才设成 0 的，所以每一行的和不再是 1：要在 Softmax "
    "之前对分数做 Mask（用 masked_fill 填 -inf），或者再除以新的行和。",
    "the outputs at the real (unpadded) positions in {what}": (
        "{what} 在真实（非 Padding）位置上的输出"
    ),
    "SelfAttention.forward with a padding mask": "带 Padding Mask 的 SelfAttention.forward",
    "SelfAttention.forward without a mask (mask=None)": (
        "不带 Mask 的 SelfAttention.forward（mask=None）"
    ),
    "Create new tensors on the input's device (device=x.device), or use masked_fill "
    "/ torch.zeros_like.": "新的 tensor 要建在输入所在的设备上（device=x.device），或者改用 masked_fill "
    "/ torch.zeros_like。",
    "`tagger` must be built from your SelfAttention and nn.Linear layers, with "
    "forward(tokens, mask).": "`tagger` 必须用你的 SelfAttention 和 nn.Linear 层搭成，forward 为 forward(tokens, mask)。",
    "part 7 (SelfAttention, values)": "第 7 部分（SelfAttention，Value）",
    "part 7 (SelfAttention, padding mask)": "第 7 部分（SelfAttention，Padding Mask）",
    "Check that the residual connection keeps each token's own embedding, that padding is masked, "
    "and train a little longer.": "检查残差连接（Residual Connection）有没有保留每个 Token 自己的 Embedding、Padding "
    "有没有被 Mask 掉，再多训练一会儿。",
    "your tagger tags {acc:.1%} of held-out tokens correctly; it needs at least "
    "{min_accuracy:.0%}. {advice}": "你的 Tagger 在留出的 Token 上标对了 {acc:.1%}；至少需要 {min_accuracy:.0%}。{advice}",
    # ----------------------------------------------------------- engine: the feedback page, `check`
    "A written answer, graded by your instructor (it counts 0 until it is graded).": "书面作答，由老师批改（批改之前记 0 分）。",
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
    "  ?  {part}: written answer, graded by hand ({worth} points)": (
        "  ?  {part}：书面作答，由老师批改（{worth} 分）"
    ),
    # ---------------------------------------------------------------- slips.py (any part)
    "torch.max(x, dim=...) (and min, sort, topk) returns a pair (values, indices), not a tensor: "
    "take .values (or use torch.amax / torch.amin, which return the values only).": "torch.max(x, dim=...)（以及 min、sort、topk）返回的是一对 (values, indices)，不是一个 "
    "tensor：取 .values（或者改用只返回数值的 torch.amax / torch.amin）。",
    "A torch reduction with dim= returned a pair (values, indices): take .values.": "带 dim= 的 torch 归约运算返回了一对 (values, indices)：取 .values。",
    "torch.max(a, b) of two tensors is torch.maximum(a, b); torch.max(x, dim) returns "
    "(values, indices).": "两个 tensor 的 torch.max(a, b) 要写成 torch.maximum(a, b)；torch.max(x, dim) 返回的是 "
    "(values, indices)。",
    "A tensor of several values is neither True nor False: `if t:`, `and`, `or` and `not` need one "
    "bool. Combine masks with &, | and ~, and test them with .any() or .all().": "含有多个值的 tensor 既不是 True 也不是 False：`if t:`、`and`、`or` 和 `not` 都需要单个 "
    "bool。合并 Mask 请用 &、| 和 ~，判断时用 .any() 或 .all()。",
    "An array of several values is neither True nor False: `if a:`, `and`, `or` and `not` need one "
    "bool. Combine boolean arrays with &, | and ~, and test them with .any() or .all().": "含有多个值的数组既不是 True 也不是 False：`if a:`、`and`、`or` 和 `not` 都需要单个 bool。"
    "合并布尔数组请用 &、| 和 ~，判断时用 .any() 或 .all()。",
    "After transpose or permute a tensor is no longer contiguous, and .view cannot reshape it: use "
    ".reshape(...) (or .contiguous().view(...)).": "transpose 或 permute 之后 tensor 在内存里不再连续，.view 没办法改变它的形状：请用 "
    ".reshape(...)（或 .contiguous().view(...)）。",
    "The inner sizes of a matrix product must agree, (n, d) @ (d, m): check the order of the "
    "operands, and which one needs .T or .transpose(-2, -1). nn.Linear(n_in, n_out) takes inputs "
    "whose last axis has n_in features.": "矩阵乘法中间的两个维度必须一致，(n, d) @ (d, m)：检查两个操作数的顺序，以及哪一个需要 .T "
    "或 .transpose(-2, -1)。nn.Linear(n_in, n_out) 的输入最后一维要有 n_in 个特征。",
    "The inner sizes of a matrix product must agree, (n, d) @ (d, m): check the order of the "
    "operands, and which one needs .T.": "矩阵乘法中间的两个维度必须一致，(n, d) @ (d, m)：检查两个操作数的顺序，"
    "以及哪一个需要 .T。",
    "Two tensors of different dtypes met: a tensor you created is float32 (PyTorch's default) "
    "while the input is float64, or the other way round. Create new tensors with dtype=x.dtype "
    "(torch.zeros_like(x), x.new_zeros(...)), or compute them from the inputs.": "两个 dtype 不同的 tensor 碰在一起了：你新建的 tensor 是 float32（PyTorch 的默认值），"
    "而输入是 float64，或者反过来。新建 tensor 时请用 dtype=x.dtype（torch.zeros_like(x)、"
    "x.new_zeros(...)），或者从输入算出来。",
    "Two tensors on different devices met: create new tensors on the input's device "
    "(device=x.device, torch.zeros_like, x.new_zeros) and never call .cpu() or .cuda() inside "
    "your code.": "两个在不同设备上的 tensor 碰在一起了：新的 tensor "
    "要建在输入所在的设备上（device=x.device、torch.zeros_like、x.new_zeros），"
    "而且不要在你的代码里调用 .cpu() 或 .cuda()。",
    "masked_fill needs a bool mask: pass mask.bool() (or mask == 0 for its complement), not a "
    "float or int tensor.": "masked_fill 需要 bool 类型的 Mask：请传入 mask.bool()（要取反就用 mask == 0），"
    "而不是 float 或 int 的 tensor。",
    "An in-place operation wrote floats into an integer or bool tensor: create the tensor as "
    "floats (torch.zeros(..., dtype=x.dtype)) or use the out-of-place form (a = a + b).": "一个原地（in-place）运算把浮点数写进了整数或 bool 的 tensor：请把这个 tensor 建成浮点数"
    "（torch.zeros(..., dtype=x.dtype)），或者改用非原地的写法（a = a + b）。",
    "An in-place operation (x += ..., x[...] = ..., masked_fill_, relu_) changed a tensor that the "
    "gradient still needs: use the out-of-place form (x = x + ..., masked_fill, torch.where).": "一个原地（in-place）运算（x += ...、x[...] = ...、masked_fill_、relu_）"
    "改动了梯度计算还要用的 tensor：请改用非原地的写法（x = x + ...、masked_fill、"
    "torch.where）。",
    "Tensors that take part in training cannot become NumPy arrays: compute with torch operations "
    "(or .detach() where no gradient is needed).": "参与训练的 tensor 不能直接变成 NumPy 数组：请用 torch 的运算来算（不需要梯度的地方可以用 "
    ".detach()）。",
    "A tensor on a GPU cannot become a NumPy array: keep the computation in torch operations.": "GPU 上的 tensor 不能直接变成 NumPy 数组：请一直用 torch 的运算来算。",
    "torch.cat and torch.stack take tensors only: convert with torch.as_tensor(..., "
    "device=x.device), or build the pieces with torch operations.": "torch.cat 和 torch.stack 只接受 tensor：请用 torch.as_tensor(..., device=x.device) 转换，"
    "或者用 torch 的运算来构造这些片段。",
    "A NumPy array reached a torch method: NumPy and torch mix badly; use torch operations "
    "throughout (torch.as_tensor converts an array).": "一个 NumPy 数组被拿去调用 torch 的方法了：NumPy 和 torch 混用很容易出错；请从头到尾都用 "
    "torch 的运算（torch.as_tensor 可以转换数组）。",
    "A torch tensor reached a NumPy method: torch spells them .to(dtype), .clone(), keepdim= "
    "and dim=.": "一个 torch tensor 被拿去调用 NumPy 的方法了：torch 的写法是 .to(dtype)、.clone()、"
    "keepdim= 和 dim=。",
    "torch spells NumPy's axis= and keepdims= as dim= and keepdim=.": "NumPy 的 axis= 和 keepdims=，在 torch 里写成 dim= 和 keepdim=。",
    "torch.softmax needs the axis to normalise over: torch.softmax(x, dim=-1).": "torch.softmax 需要指定沿哪个轴归一化：torch.softmax(x, dim=-1)。",
    "x.shape is an attribute, not a method: x.shape[0] (or x.size(0)).": "x.shape 是属性，不是方法：x.shape[0]（或 x.size(0)）。",
    "A method was indexed instead of called: x.size(0) or x.shape[0], not x.size[0].": "方法被拿来做索引而不是调用：要写 x.size(0) 或 x.shape[0]，而不是 x.size[0]。",
    "An optional argument is None when it is not given (its default, mask=None): handle that case "
    "first, e.g. `if mask is not None:` before using it.": "可选参数没有给的时候就是 None（它的默认值，mask=None）：请先处理这种情况，例如使用前先写 "
    "`if mask is not None:`。",
    "A value you used is None: a function of yours may lack its `return`, or you kept the result "
    "of an in-place method (list.sort(), list.append, random.shuffle), which returns None.": "你用到的某个值是 None：可能是你的某个函数少了 `return`，或者你保存了原地方法"
    "（list.sort()、list.append、random.shuffle）的结果，而它们返回的是 None。",
    "A value you used is None: a function of yours may lack its `return`, or you kept the result "
    "of an in-place method (list.sort(), list.append), which returns None.": "你用到的某个值是 None：可能是你的某个函数少了 `return`，或者你保存了原地方法"
    "（list.sort()、list.append）的结果，而它们返回的是 None。",
    "An axis number is out of range for this input: count axes from the end (dim=-1 for the last, "
    "-2 for the one before), so the same code works with or without a batch axis.": "轴的编号超出了这个输入的范围：请从后面数轴（dim=-1 是最后一个，-2 是倒数第二个），"
    "这样同一段代码有没有 Batch 这一维都能用。",
    "An axis number is out of range for this input: count axes from the end (axis=-1 for the "
    "last), so the same code works for any number of dimensions.": "轴的编号超出了这个输入的范围：请从后面数轴（axis=-1 是最后一个）"
    "，这样同一段代码对任意维数都能用。",
    "Import it in a cell that runs before: `import torch.nn.functional as F`, `import numpy as "
    "np`, `import torch`, `from torch import nn`, `import math`.": "请在前面会执行的 cell 里 import 它：`import torch.nn.functional as F`、`import numpy as "
    "np`、`import torch`、`from torch import nn`、`import math`。",
    "Arithmetic on a Python list works element by element only on arrays: convert it first with "
    "np.asarray(...) (or torch.as_tensor).": "只有数组才会逐元素做算术，Python list 不会：请先用 np.asarray(...)（或 "
    "torch.as_tensor）转换。",
    "An index or a slice bound must be a Python int: use int(...) on a count, and // rather than / "
    "for integer division.": "索引或切片的边界必须是 Python int：对个数用 int(...)，整数除法用 // 而不是 /。",
    "A size or a count must be an int: use // (floor division) or int(...), not /.": "大小或个数必须是 int：请用 //（整除）或 int(...)，不要用 /。",
    "view and reshape keep the number of elements: the sizes you ask for hold another count. A "
    "size-1 axis broadcasts as it is (no reshape needed), and a batch axis may be missing or "
    "extra: check each size.": "view 和 reshape 不会改变元素个数：你要的形状装的元素个数不一样。大小为 1 的轴本来就会 "
    "broadcast（不需要 reshape），而 Batch 那一维可能少了或多了：逐个检查每一维的大小。",
    "Two tensors do not broadcast: after a reduction keep its axis (keepdim=True) or add one (t[:, "
    "None], t.unsqueeze(-1)) so the sizes line up.": "两个 tensor 无法 broadcast：归约之后保留那个轴（keepdim=True），或者补上一个轴（t[:, "
    "None]、t.unsqueeze(-1)），让大小对齐。",
    "Two arrays do not broadcast: after a reduction keep its axis (keepdims=True) or add one (a[:, "
    "None]) so the shapes line up.": "两个数组无法 broadcast：归约之后保留那个轴（keepdims=True），或者补上一个轴（a[:, None]）"
    "，让形状对齐。",
    # --------------------------------------------------------------- devices.py (any part on a GPU)
    ' (This test runs your code on PyTorch\'s "meta" device, which stands in for a GPU: tensors '
    "there have shapes but no data.)": '（这项测试在 PyTorch 的 "meta" 设备上执行你的代码，用它来代替 GPU：那里的 tensor '
    "只有形状，没有数据。）",
    "Create new tensors on the input's device (device=x.device), or use torch.zeros_like, "
    "x.new_zeros, masked_fill, torch.where.": "新的 tensor 要建在输入所在的设备上（device=x.device），或者改用 torch.zeros_like、"
    "x.new_zeros、masked_fill、torch.where。",
    "{what} moves a tensor to the CPU (.{error}()); on a GPU the result would then leave the GPU "
    "or clash with it. Keep everything on the device of the inputs: no .cpu(), .numpy() or "
    ".to('cpu') here.{note}": "{what} 把一个 tensor 搬到了 CPU 上（.{error}()）；在 GPU 上，结果就会离开 GPU，或者和 GPU "
    "上的 tensor 冲突。所有东西都要留在输入所在的设备上：这里不要用 .cpu()、.numpy() 或 "
    ".to('cpu')。{note}",
    "{what} (on the CPU as well as on the meta device)": (
        "{what}（在 CPU 上和在 meta 设备上都一样）"
    ),
    "{what} creates a tensor on the CPU while its input lives on another device ({error_type}: "
    "{error_text}). On a GPU this crashes or leaves results on the CPU. {advice}{note}": "输入在另一个设备上，{what} 却在 CPU 上新建了 tensor（{error_type}: {error_text}）。在 GPU "
    "上这会出错，或者把结果留在 CPU 上。{advice}{note}",
    "{what} returned a tensor on {device} for inputs on {device2}: keep everything on the device "
    "of the inputs (device=x.device, torch.zeros_like, ...); never hard-code .cpu() "
    "or .cuda().{note}": "输入在 {device2} 上，{what} 返回的 tensor 却在 {device} 上："
    "所有东西都要留在输入所在的设备上（device=x.device、torch.zeros_like 等）；不要把 .cpu() "
    "或 .cuda() 写死在代码里。{note}",
    # ---------------------------------------------------------------- vector_sets.py (01)
    "Each row must be divided by its own length: np.linalg.norm(X, axis=1) has one entry per row, "
    "so keep its axis (keepdims=True, or norms[:, None]) for it to broadcast along the rows.": "每一行都要除以它自己的长度：np.linalg.norm(X, axis=1) 每一行只有一个数，所以要保留那个轴"
    "（keepdims=True，或 norms[:, None]），才能沿着行 broadcast。",
    "cosine_similarity_matrix(X) where row 1 of X is all zeros": (
        "cosine_similarity_matrix(X)（X 的第 1 行全是 0）"
    ),
    "num_frames(16000, 16000) with the default window_ms and hop_ms": "使用默认 window_ms 和 hop_ms 的 num_frames(16000, 16000)",
    "frame_signal(signal, 16000) for a signal of 1000 samples, with the default window_ms "
    "and hop_ms": "frame_signal(signal, 16000)（信号有 1000 个采样点，使用默认的 window_ms 和 hop_ms）",
    "frame_signal(signal, 16000) for a signal of 300 samples, shorter than one 400-sample window": "frame_signal(signal, 16000)（信号只有 300 个采样点，比一个 400 个采样点的窗口还短）",
    "one_hot(['cat', 'zebra', 'dog'], vocab) where 'zebra' is not in vocab": "one_hot(['cat', 'zebra', 'dog'], vocab)（'zebra' 不在 vocab 里）",
    "you returned the dot products X @ X.T; divide each by the lengths of both rows, (x_i . x_j) / "
    "(|x_i| |x_j|).": "你返回的是点积 X @ X.T；每一个都要除以两行各自的长度，(x_i . x_j) / (|x_i| |x_j|)。",
    "you divided by the length of one row only; divide by the lengths of both rows.": "你只除以了其中一行的长度；要除以两行的长度。",
    "you divided by the squared lengths (x . x); divide by the lengths |x| = sqrt(x . x).": "你除以的是长度的平方 (x . x)；要除以长度 |x| = sqrt(x . x)。",
    "you normalised the columns of X; cosine similarity compares rows, so divide each row by its "
    "own length (np.linalg.norm(X, axis=1)).": "你归一化的是 X 的列；余弦相似度比较的是行，"
    "所以要把每一行除以它自己的长度（np.linalg.norm(X, axis=1)）。",
    "you returned the cosine distance 1 - cos; return the similarity itself.": "你返回的是余弦距离 1 - cos；要返回相似度本身。",
    "you divided by the length of the whole matrix (np.linalg.norm(X) without axis=1); divide each "
    "row by its own length, np.linalg.norm(X, axis=1, keepdims=True).": "你除以的是整个矩阵的长度（np.linalg.norm(X) 没有 axis=1）；要把每一行除以它自己的长度，"
    "np.linalg.norm(X, axis=1, keepdims=True)。",
    "cosine_similarity_matrix(X) for X of shape {shape}": (
        "cosine_similarity_matrix(X)（X 的形状为 {shape}）"
    ),
    "off by one: you forgot the first frame. The first window starts at sample 0, and every hop "
    "after it adds one frame: 1 + (n_samples - window) // hop.": "差了一个：你漏掉了第一个 Frame。第一个窗口从第 0 个采样点开始，之后每移动一个帧移就多一个 "
    "Frame：1 + (n_samples - window) // hop。",
    "off by one: you count one frame too many. Frames must fit a whole window: 1 + (n_samples - "
    "window) // hop.": "差了一个：你多数了一个 Frame。每个 Frame 都必须放得下一整个窗口：1 + (n_samples - window) "
    "// hop。",
    "off by one: rounding up (ceil) counts a last window that does not fit in the signal; use "
    "floor division, 1 + (n_samples - window) // hop.": "差了一个：向上取整（ceil）会把信号里放不下的最后一个窗口也算进去；请用向下取整的除法，"
    "1 + (n_samples - window) // hop。",
    "you counted n_samples // hop, as if every hop started a whole frame; the last frames would "
    "run past the end of the signal. Count the windows that fit: 1 + (n_samples - window) // hop.": "你算的是 n_samples // hop，好像每个帧移都能开始一个完整的 Frame；但最后几个 Frame "
    "会超出信号的结尾。要数的是放得下的窗口：1 + (n_samples - window) // hop。",
    "hop and window are swapped: a frame is window_ms long (25 ms) and the next one starts hop_ms "
    "(10 ms) later; you slid a hop-long window by a window length.": "帧移和窗口对调了：一个 Frame 长 window_ms（25 ms），下一个在 hop_ms（10 ms）之后开始；"
    "你是用一个帧移长的窗口，每次移动一个窗口长度。",
    "the milliseconds were not converted to samples: a 25 ms window at 16000 Hz is round(16000 * "
    "25 / 1000) = 400 samples, not 25.": "毫秒没有换算成采样点：16000 Hz 下 25 ms 的窗口是 round(16000 * 25 / 1000) = 400 个采样点，"
    "而不是 25。",
    "the window and hop lengths were truncated (int) instead of rounded: use round(sample_rate * "
    "ms / 1000).": "窗口和帧移的长度被截断（int）了，而不是四舍五入：请用 round(sample_rate * ms / 1000)。",
    "a signal shorter than one window gives a negative count; it has no whole frame, so return 0.": "比一个窗口还短的信号会算出负数；它连一个完整的 Frame 都没有，所以要返回 0。",
    "you counted centred frames, 1 + n_samples // hop (as librosa and torch.stft do with "
    "center=True, padding half a window at both ends); here frames are not padded: 1 + (n_samples "
    "- window) // hop whole windows, 0 if the signal is shorter than one.": "你数的是置中的 Frame，1 + n_samples // hop（librosa 和 torch.stft 在 center=True "
    "时就是这样，两端各补半个窗口）；这里的 Frame 不补值：1 + (n_samples - window) // hop "
    "个完整窗口，信号比一个窗口还短就是 0。",
    "a signal of exactly one window holds one whole frame: test n_samples < window, not <=.": "刚好一个窗口长的信号正好有一个完整的 Frame：判断条件要写 n_samples < window，而不是 <=。",
    "you used 25 ms and 10 ms, whatever window_ms and hop_ms were given; use the arguments.": "不管传进来的 window_ms 和 hop_ms 是多少，你都用了 25 ms 和 10 ms；请使用传入的参数。",
    "the lengths were rounded half up (int(x + 0.5), math.floor(x + 0.5)); Python's round(x), as "
    "the task asks, takes a tie such as 400.5 to the even neighbour, 400.": "长度是用“四舍五入、逢五进一”算的（int(x + 0.5)、math.floor(x + 0.5)）；题目要求的 Python "
    "round(x) 遇到 400.5 这样刚好一半的情况，会取偶数的那一边，也就是 400。",
    "you counted a last, partial frame padded with zeros (as python_speech_features' framesig "
    "does, which also gives a short signal one frame); count whole windows only: 1 + (n_samples - "
    "window) // hop, 0 if the signal is shorter than one window.": "你把最后一个补了 0 的不完整 Frame 也算进去了（python_speech_features 的 framesig "
    "就是这样，它也会给很短的信号一个 Frame）；只数完整的窗口：1 + (n_samples - window) // "
    "hop，信号比一个窗口还短就是 0。",
    "hop and window are swapped: each frame must be window_ms long and start hop_ms after the "
    "previous one.": "帧移和窗口对调了：每个 Frame 必须长 window_ms，并且在前一个 Frame 之后 hop_ms 开始。",
    "the milliseconds were not converted to samples: the window is round(sample_rate * window_ms / "
    "1000) samples long, the hop round(sample_rate * hop_ms / 1000).": "毫秒没有换算成采样点：窗口长 round(sample_rate * window_ms / 1000) 个采样点，"
    "帧移是 round(sample_rate * hop_ms / 1000)。",
    "the frames do not overlap: frame i starts at i * hop, not i * window.": "Frame 之间没有重叠：第 i 个 Frame 从 i * hop 开始，而不是 i * window。",
    "off by one: the last frame is missing; there are 1 + (n_samples - window) // hop frames.": "差了一个：少了最后一个 Frame；一共有 1 + (n_samples - window) // hop 个 Frame。",
    "off by one: there is an extra frame at the end that does not fit in the signal (padded); keep "
    "only the 1 + (n_samples - window) // hop whole windows.": "差了一个：结尾多了一个信号里放不下的 Frame（补了值）；只保留 1 + (n_samples - window) // "
    "hop 个完整窗口。",
    "off by one: the first frame is missing; frame 0 starts at sample 0.": "差了一个：少了第一个 Frame；第 0 个 Frame 从第 0 个采样点开始。",
    "off by one: the last window, the one that ends exactly at the end of the signal, is missing: "
    "the starts are range(0, n_samples - window + 1, hop) (range stops before its end).": "差了一个：少了最后一个窗口，也就是刚好在信号结尾结束的那一个：起点是 range(0, n_samples - "
    "window + 1, hop)（range 不包含它的终点）。",
    "you returned (window, num_frames); one row per frame: (num_frames, window).": "你返回的形状是 (window, num_frames)；应该每个 Frame 一行：(num_frames, window)。",
    "frame_signal(signal, {sr}, window_ms={w}, hop_ms={h}) for a signal of {n} samples": "frame_signal(signal, {sr}, window_ms={w}, hop_ms={h})（信号有 {n} 个采样点）",
    "the frames were not multiplied by np.hanning(window) before the FFT (the Hann window tapers "
    "each frame's edges).": "做 FFT 之前，Frame 没有乘上 np.hanning(window)（Hann 窗会让每个 Frame 的两端逐渐变小）。",
    "you used a Hamming window (np.hamming); the spectrum uses the Hann window, np.hanning.": "你用的是 Hamming 窗（np.hamming）；这里的频谱用的是 Hann 窗，np.hanning。",
    "you took the log of the magnitude |X|; the power is its square, |X| ** 2.": "你取的是幅度 |X| 的对数；功率是它的平方，|X| ** 2。",
    "you used log10; the spectrum uses the natural logarithm, np.log.": "你用了 log10；这里的频谱用的是自然对数 np.log。",
    "you returned decibels (10 * log10); the spectrum uses the natural logarithm, np.log.": "你返回的是分贝（10 * log10）；这里的频谱用的是自然对数 np.log。",
    "you returned the power itself; take its logarithm, np.log(power + 1e-10).": "你返回的是功率本身；要取它的对数，np.log(power + 1e-10)。",
    "you used a periodic Hann window (torch.hann_window and scipy.signal.get_window('hann') are "
    "periodic by default); the spectrum uses the symmetric one, np.hanning(window).": "你用的是周期性的 Hann 窗（torch.hann_window 和 scipy.signal.get_window('hann') "
    "默认是周期性的）；这里的频谱用的是对称的 np.hanning(window)。",
    "you divided the power by the window length (a normalised periodogram, as "
    "python_speech_features' powspec does); the spectrum is the log of |X| ** 2 itself.": "你把功率除以了窗口长度（归一化的周期图，python_speech_features 的 powspec 就是这样）；"
    "这里的频谱就是 |X| ** 2 本身取对数。",
    "np.log1p(power) is log(1 + power), which flattens small powers; the spectrum is np.log(power "
    "+ 1e-10).": "np.log1p(power) 是 log(1 + power)，会把小的功率压平；这里的频谱是 np.log(power + 1e-10)。",
    "log_power_spectrum(frames) for frames of shape {shape} (row 2 silent: all zeros)": "log_power_spectrum(frames)（frames 的形状为 {shape}，第 2 行是静音：全是 0）",
    "molecule_to_vector_set(['C', 'Cl'], [(0, 1)]) with chlorine, not in ('H', 'C', 'N', 'O'),": "molecule_to_vector_set(['C', 'Cl'], [(0, 1)])（有氯原子，不在 ('H', 'C', 'N', 'O') 之中）",
    "molecule_to_vector_set(['O', 'H', 'H'], [(0, 1), (0, 3)]) with a bond to atom 3 of 3 (they "
    "are 0, 1, 2),": "molecule_to_vector_set(['O', 'H', 'H'], [(0, 1), (0, 3)])（有一个化学键连到 3 "
    "个原子中的第 3 号，而原子只有 0、1、2 号）",
    "molecule_to_vector_set(['O', 'H', 'H'], [(0, 1), (0, -1)]) returned normally: atom -1 does "
    "not exist, but NumPy reads index -1 as the last atom. Check 0 <= i < n_atoms for both ends of "
    "every bond and raise ValueError otherwise.": "molecule_to_vector_set(['O', 'H', 'H'], [(0, 1), (0, -1)]) 正常返回了：并没有 -1 号原子，"
    "但 NumPy 会把索引 -1 读成最后一个原子。请对每个化学键的两端检查 0 <= i < n_atoms，"
    "不满足就抛出 ValueError。",
    "an empty sentence gives shape (0, {len_vocab}), no rows but still one column per vocabulary "
    "word; np.array of an empty list of rows has shape (0,), so create the array with "
    "np.zeros((len(tokens), len(vocab))) (or reshape it).": "空句子的形状是 (0, {len_vocab})：没有任何行，但词汇表里每个词仍然各占一列；对由行组成的空 "
    "list 做 np.array 得到的形状是 (0,)，所以请用 np.zeros((len(tokens), len(vocab))) "
    "建立数组（或者 reshape 它）。",
    "{what} returned normally (shape {shape}); an unknown token must raise ValueError naming it, "
    "rather than silently giving a row of zeros or a wrong row.": "{what} 正常返回了（形状 {shape}）；遇到不认识的 Token 必须抛出 ValueError 并指出是哪一个，"
    "而不是默默地给一行 0 或一行错的值。",
    "{what} returned shape {shape}, expected (4, 4).": (
        "{what} 返回的形状是 {shape}，应该是 (4, 4)。"
    ),
    "{what} gives NaN: the zero row has length 0, and 0 / 0 is NaN (a division by zero). Divide by "
    "1 where a length is 0 (np.where(norms > 0, norms, 1)), so the zero row's similarities stay "
    "0.\nYou returned\n{got}": "{what} 得到了 NaN：全 0 的那一行长度是 0，而 0 / 0 是 NaN（除以零）。长度为 0 "
    "的地方改成除以 1（np.where(norms > 0, norms, 1)），这样全 0 那一行的相似度会保持为 "
    "0。\n你返回的是\n{got}",
    "{what}: a zero row has similarity 0 with every row (itself included), but row 1 of your "
    "result is {got}.": "{what}：全 0 的行和每一行（包括它自己）的相似度都是 0，但你的结果第 1 行是 {got}。",
    "{what} returned {got_type} {got!r}; return a list of words (strings).": "{what} 返回了 {got_type} {got!r}；请返回一个由词（字符串）组成的 list。",
    "{what} returned positions {items}, not words: return the words themselves, [vocab[j] for j "
    "in ...].": "{what} 返回的是位置 {items}，而不是词：请返回词本身，[vocab[j] for j in ...]。",
    "{what} returned {got}; expected {expected} (cosine similarities with {word!r}: {dict}).": "{what} 返回了 {got}；应该是 {expected}（和 {word!r} 的余弦相似度：{dict}）。",
    "num_frames({n}, {sr}, window_ms={w}, hop_ms={h}) returned {got}; expected {expected} (window "
    "{ms_to_samples} samples, hop {ms_to_samples2} samples).": "num_frames({n}, {sr}, window_ms={w}, hop_ms={h}) 返回了 {got}；应该是 {expected}"
    "（窗口 {ms_to_samples} 个采样点，帧移 {ms_to_samples2} 个采样点）。",
    "{what} returned {value:g}; the defaults are window_ms=25 and hop_ms=10, which give 98.": "{what} 返回了 {value:g}；默认值是 window_ms=25 和 hop_ms=10，结果应该是 98。",
    "\n(the defaults are window_ms=25 and hop_ms=10: a 400-sample window and a 160-sample hop at "
    "16000 Hz)": "\n（默认值是 window_ms=25 和 hop_ms=10：在 16000 Hz 下，窗口 400 个采样点，帧移 "
    "160 个采样点）",
    "{what} returned shape {shape}: the defaults are window_ms=25 and hop_ms=10, so the window is "
    "round(16000 * 25 / 1000) = 400 samples and the result (0, 400).": "{what} 返回的形状是 {shape}：默认值是 window_ms=25 和 hop_ms=10，所以窗口是 "
    "round(16000 * 25 / 1000) = 400 个采样点，结果是 (0, 400)。",
    "{what} returned shape {shape}; a signal too short for one window has no frames: return an "
    "empty array of shape (0, 400), i.e. (0, window).": "{what} 返回的形状是 {shape}；放不下一个窗口的信号没有任何 Frame：请返回形状为 (0, 400) "
    "的空数组，也就是 (0, window)。",
    "{what} returned a {raw_type}; return a NumPy array of shape ({len_tokens}, {len_vocab}), e.g. "
    "X = np.zeros((len(tokens), len(vocab))) filled in (not a list of rows).": "{what} 返回了 {raw_type}；请返回形状为 ({len_tokens}, {len_vocab}) 的 NumPy 数组，"
    "例如先建 X = np.zeros((len(tokens), len(vocab))) 再填值（而不是由行组成的 list）。",
    "{what} returned a 1-D array of shape {shape}: a sentence of {len_tokens} word(s) is still a "
    "2-D array, ({len_tokens}, {len_vocab}). Do not squeeze or flatten the rows away.": "{what} 返回了形状为 {shape} 的一维数组：{len_tokens} 个词的句子仍然是二维数组，"
    "({len_tokens}, {len_vocab})。不要用 squeeze 或 flatten 把行去掉。",
    "{what} returned {shape} columns, one per word of the sentence; there is one column per "
    "vocabulary word, {len_vocab}, in the order of vocab, also for words the sentence does "
    "not use.": "{what} 返回了 {shape} 列，句子里每个词一列；应该是词汇表里每个词一列，共 {len_vocab} 列，"
    "按 vocab 的顺序，句子里没用到的词也一样。",
    "{what} returned shape {shape}: {message}": "{what} 返回的形状是 {shape}：{message}",
    "{what} returned shape {shape}: rows and columns are swapped. One row per token, one column "
    "per vocabulary word: ({len_tokens}, {len_vocab}).": "{what} 返回的形状是 {shape}：行和列对调了。每个 Token 一行，词汇表里每个词一列："
    "({len_tokens}, {len_vocab})。",
    "{what} returned {shape} rows for {len_tokens} tokens: every token gets its own row, repeated "
    "tokens included (a sentence keeps all its words).": "{what} 对 {len_tokens} 个 Token 返回了 {shape} 行：每个 Token 都有自己的一行，重复的 "
    "Token 也一样（句子要保留它所有的词）。",
    "the columns follow the vocabulary sorted alphabetically; they must follow the order of vocab "
    "as given (column j is vocab[j]).": "列的顺序是按字母排序后的词汇表；它们必须按照传入的 vocab 的顺序（第 j 列是 vocab[j]）。",
    "the columns follow the order in which the words first appear in the sentence (a vocabulary "
    "built from the sentence itself); column j is vocab[j], in the order given, one column per "
    "vocabulary word.": "列的顺序是词在句子里第一次出现的顺序（用句子本身建出来的词汇表）；第 j 列是 vocab[j]，"
    "按传入的顺序，词汇表里每个词一列。",
    "the 1 of row i sits in column i (the token's position in the sentence); it belongs in the "
    "column of the token's word in vocab.": "第 i 行的 1 放在了第 i 列（Token 在句子里的位置）；它应该放在这个 Token 的词在 "
    "vocab 里的那一列。",
    "there is an extra column 0 (an index reserved for padding or unknown words, as Keras's "
    "Tokenizer numbers words from 1); column j is vocab[j], so there are exactly "
    "len(vocab) columns.": "多了一个第 0 列（保留给 Padding 或未知词的索引，Keras 的 Tokenizer 就是从 1 开始给词编号）"
    "；第 j 列是 vocab[j]，所以刚好有 len(vocab) 列。",
    "{what} returned an array of {dtype} values; one-hot vectors are floats (they go into a "
    "network): create the array with np.zeros(..., dtype=float).": "{what} 返回了 {dtype} 类型的数组；One-Hot 向量是浮点数（它们要送进网络）：请用 "
    "np.zeros(..., dtype=float) 建立数组。",
    "{what} should raise ValueError, but raised {exc_type}: {exc}. Check each token yourself: `if "
    "token not in vocab: raise ValueError(f'unknown token {{token!r}}')`.": "{what} 应该抛出 ValueError，但抛出的是 {exc_type}：{exc}。请自己检查每个 Token：`if token "
    "not in vocab: raise ValueError(f'unknown token {{token!r}}')`。",
    "{what} returned shape {shape}: you compared the columns. Compare the rows (the vectors): the "
    "result is ({n}, {n}).": "{what} 返回的形状是 {shape}：你比较的是列。要比较的是行（也就是向量）：结果是 "
    "({n}, {n})。",
    "{what} returned {got}, which holds the query word itself: every word is most similar to "
    "itself (cosine 1), so leave it out and return the k most similar OTHER words.": "{what} 返回了 {got}，里面包含了查询的词本身：每个词都和自己最相似（cosine 为 1），"
    "所以要把它排除，返回 k 个最相似的“其他”词。",
    "{what} returned {k} words: you took the {k2} most similar, the word itself among them, then "
    "removed it. Return {k2} words other than the query.": "{what} 返回了 {k} 个词：你取了最相似的 {k2} 个（其中包括这个词本身），再把它去掉。"
    "请返回查询词以外的 {k2} 个词。",
    "{what} returned {count} words, {got}; expected k = {k}.": (
        "{what} 返回了 {count} 个词，{got}；应该是 k = {k} 个。"
    ),
    "{what} returned the LEAST similar words {got}; sort from the most similar down.": "{what} 返回的是“最不”相似的词 {got}；要从最相似的开始往下排。",
    "{what} ranked the words by their Euclidean distance to {word!r} (nearest first); rank them by "
    "cosine similarity, which compares directions only (the rows of E have very "
    "different lengths).": "{what} 是按照和 {word!r} 的欧氏距离排序的（最近的在前）；要按余弦相似度排序，它只比较方向"
    "（E 的各行长度差别很大）。",
    "{what} ranked the words by their dot product with {word!r}; rank them by cosine similarity, "
    "which ignores the lengths of the vectors (the rows of E have very different lengths).": "{what} 是按照和 {word!r} 的点积排序的；要按余弦相似度排序，它不管向量的长度（E "
    "的各行长度差别很大）。",
    "{what} returned the right words in the wrong order, {got}; most similar first: {expected}.": "{what} 返回的词对了，但顺序不对，{got}；最相似的要排在最前面：{expected}。",
    "{what} returned {raw!r}, a float; return the number of frames as an int (floor division // "
    "keeps ints whole; or int(...)).": "{what} 返回了 {raw!r}，是 float；Frame 的个数要以 int 返回（整除 // 会保持整数；或者用 "
    "int(...)）。",
    "{what} returned {value}: a number of frames is a whole number; use floor division (//).": "{what} 返回了 {value}：Frame 的个数是整数；请用整除（//）。",
    "you used the default lengths, 25 ms and 10 ms, instead of the window_ms and hop_ms given.": "你用的是默认长度 25 ms 和 10 ms，而不是传入的 window_ms 和 hop_ms。",
    "\n(window {ms_to_samples} samples, hop {ms_to_samples2} samples: frame i is signal[i * hop : "
    "i * hop + window])": "\n（窗口 {ms_to_samples} 个采样点，帧移 {ms_to_samples2} 个采样点：第 i 个 Frame 是 "
    "signal[i * hop : i * hop + window]）",
    "{what} returned shape {shape}: a full FFT. The real FFT np.fft.rfft keeps the {bins} "
    "non-redundant frequencies, window // 2 + 1.": "{what} 返回的形状是 {shape}：这是完整的 FFT。实数 FFT np.fft.rfft 只保留 {bins} "
    "个不重复的频率，window // 2 + 1。",
    "{what} returned shape {shape}: the FFT ran along axis 0, across frames. Transform each frame: "
    "along the last axis (axis=-1).": "{what} 返回的形状是 {shape}：FFT 沿着 axis 0 做了，是跨 Frame 的。要对每个 Frame "
    "各自做变换：沿着最后一个轴（axis=-1）。",
    "{what} gives -inf for the silent frame: log(0). Add 1e-10 to the power before the log, "
    "np.log(power + 1e-10).": "{what} 对静音的 Frame 得到了 -inf：log(0)。取对数之前先给功率加上 1e-10，np.log(power "
    "+ 1e-10)。",
    "{what} returned (A, X); return the pair in the order (X, A): the one-hot atoms first, then "
    "the adjacency matrix.": "{what} 返回的是 (A, X)；请按 (X, A) 的顺序返回：先是原子的 One-Hot 向量，再是邻接矩阵。",
    "{what}: X has the right columns in another order. Without an elements argument the columns "
    'follow the default elements, ("H", "C", "N", "O"), in that order.': "{what}：X 的列是对的，但顺序不对。没有传 elements 参数时，列要按照默认的元素 "
    '("H", "C", "N", "O") 的顺序。',
    "the columns follow ('H', 'C', 'N', 'O') instead of the elements argument; column j "
    "is elements[j].": "列的顺序是 ('H', 'C', 'N', 'O')，而不是传入的 elements 参数；第 j 列是 elements[j]。",
    "X is transposed: one row per atom, one column per element.": (
        "X 转置了：每个原子一行，每种元素一列。"
    ),
    "{what}: A has shape {shape}; the adjacency of {n} atoms is ({n}, {n}).": "{what}：A 的形状是 {shape}；{n} 个原子的邻接矩阵是 ({n}, {n})。",
    "{what}: A is not symmetric (A[i, j] != A[j, i]). A bond joins two atoms both ways: set both "
    "A[i, j] and A[j, i] to 1.\nYou returned\n{A}": "{what}：A 不是对称的（A[i, j] != A[j, i]）。化学键是双向连接两个原子的：A[i, j] 和 A[j, "
    "i] 都要设成 1。\n你返回的是\n{A}",
    "{what}: A has non-zero entries on its diagonal; an atom is not bonded to itself, so the "
    "diagonal is 0.": "{what}：A 的对角线上有非零的值；原子不会和自己形成化学键，所以对角线是 0。",
    "{what}: A holds {max} where a bond is listed twice (a double bond); A is 0/1, so set the "
    "entries to 1 rather than adding 1.": "{what}：同一个化学键列了两次（双键）的地方，A 的值是 {max}；A 只有 0 和 1，所以要把值设成 "
    "1，而不是加 1。",
    "the bonds were read as 1-based atom numbers; atom indices start at 0.": "化学键被当成从 1 开始的原子编号了；原子的索引是从 0 开始的。",
    "molecule_to_vector_set(['O', 'H', 'H'], [(0, 1), (0, -1)]) should raise ValueError for atom "
    "-1, but raised {exc_type}: {exc}": "molecule_to_vector_set(['O', 'H', 'H'], [(0, 1), (0, -1)]) 遇到 -1 号原子应该抛出 "
    "ValueError，但抛出的是 {exc_type}：{exc}",
    "returned a list, not an array": "返回了 list，而不是数组",
    "one-hot rows squeezed to 1-D": "One-Hot 的行被压成了一维",
    "columns for the sentence's words only": "只给句子里出现的词留了列",
    "{what} raised ValueError({exc!r}); its message must name the unknown token ('zebra'), so the "
    "user knows which word to fix.": "{what} 抛出了 ValueError({exc!r})；错误信息必须指出是哪个未知的 Token（'zebra'）"
    "，让使用者知道要改哪个词。",
    "{what} returned {got}: it never returns {end!r}, at an end of vocab. Every other word is a "
    "candidate: loop over range(len(vocab)), every index (an off-by-one in the range "
    "of candidates).": "{what} 返回了 {got}：它从来不会返回位于 vocab 一端的 {end!r}。除了查询词，每个词都是候选："
    "请遍历 range(len(vocab)) 的每个索引（候选范围差了一个）。",
    "ranked by Euclidean distance instead of "
    "cosine similarity": "按欧氏距离排序，而不是按余弦相似度",
    "returned a float, not an int": "返回了 float，而不是 int",
    "the default elements in another order": "默认元素的顺序不对",
    "the first or last word of vocab is never a candidate": (
        "vocab 的第一个或最后一个词从来不是候选"
    ),
    # ---------------------------------------------------------------- output_types.py (02)
    "every input vector (a word, a frame, an atom, a node) gets its own output: N in, N out": "每个输入向量（一个词、一个 Frame、一个原子、一个节点）都有自己的输出：输入 N 个，输出 "
    "N 个",
    "the whole input gets a single output: N in, 1 out": (
        "整个输入只有一个输出：输入 N 个，输出 1 个"
    ),
    "the model itself decides how long the output is: N in, N' out": (
        "输出多长由模型自己决定：输入 N 个，输出 N' 个"
    ),
    "Labelling every vector would give N answers, but the task asks one question about the whole "
    "input: one output for the whole input (pool the vectors first).": "给每个向量都标一个标签会得到 N 个答案，但这个任务问的是关于整个输入的一个问题："
    "整个输入只有一个输出（先把向量池化成一个）。",
    "The answer is one label from a fixed set, not a sequence the model writes: one output for the "
    "whole input.": "答案是从固定集合里选出的一个标签，而不是模型写出来的一个序列：整个输入只有一个输出。",
    "The task wants an answer for every input vector, not one for the whole input: N in, N out.": "这个任务要求每个输入向量都有一个答案，而不是整个输入只有一个：输入 N 个，输出 N 个。",
    "The output has exactly one entry per input vector, aligned with it, so its length is the "
    "input's: N in, N out.": "输出和输入向量一一对应，每个输入向量刚好一个，所以输出的长度就是输入的长度：输入 N 个，"
    "输出 N 个。",
    "The output is not aligned with the input vectors: its length is its own (a recording of 300 "
    "frames says a few words; an answer or a summary is not one word per input word), so the model "
    "decides it: N in, N' out.": "输出和输入向量并不对齐：它的长度是它自己的（300 个 Frame 的录音只说了几个词；"
    "回答或摘要也不是每个输入词对应一个词），所以由模型来决定：输入 N 个，输出 N' 个。",
    "The output is a whole sequence the model writes, not one label from a fixed set: N in, "
    "N' out.": "输出是模型写出来的一整个序列，而不是从固定集合里选出的一个标签：输入 N 个，输出 N' 个。",
    " {value!r} is another course's name; this chapter calls it {OTHER_NAMES!r}.": " {value!r} 是别的课程的叫法；本章把它叫做 {OTHER_NAMES!r}。",
    "pad_batch(seqs) for sequences on another device than the CPU": (
        "pad_batch(seqs)（序列在 CPU 以外的设备上）"
    ),
    "mask.sum(1) has shape (B,), one count per row: keep its axis, mask.sum(1, keepdim=True) (or "
    ".unsqueeze(-1)), so that each row's sum (B, d) is divided by its own count.": "mask.sum(1) 的形状是 (B,)，每一行一个个数：要保留那个轴，mask.sum(1, keepdim=True)（或 "
    ".unsqueeze(-1)），这样每一行的和 (B, d) 才会除以它自己的个数。",
    "masked_mean(x, mask) for x on another device than the CPU": (
        "masked_mean(x, mask)（x 在 CPU 以外的设备上）"
    ),
    "PerVectorClassifier(4, 3)(x) for x on another device than the CPU": "PerVectorClassifier(4, 3)(x)（x 在 CPU 以外的设备上）",
    "SequenceClassifier(4, 3)(x, mask) for x on another device than the CPU": "SequenceClassifier(4, 3)(x, mask)（x 在 CPU 以外的设备上）",
    "F.cross_entropy wants the classes on dim 1: for logits (B, N, C), pass logits.transpose(1, "
    "2), or flatten to (B * N, C) and labels to (B * N,) (then leave the padded positions out).": "F.cross_entropy 要求类别在 dim 1：logits 是 (B, N, C) 时，请传入 logits.transpose(1, 2)，"
    "或者把它展平成 (B * N, C)、labels 展平成 (B * N,)（然后把 Padding 的位置排除掉）。",
    "masked_cross_entropy(logits, labels, mask) for tensors on another device than the CPU": "masked_cross_entropy(logits, labels, mask)（tensor 在 CPU 以外的设备上）",
    " {value!r} (the RNN diagrams' name) covers two kinds here: {PER_VECTOR!r} when every input "
    "vector gets its own output, {SEQ2SEQ!r} when the output has a length of its own.": " {value!r}（RNN 示意图里的叫法）在这里包含两种：每个输入向量都有自己的输出时是 "
    "{PER_VECTOR!r}，输出有它自己的长度时是 {SEQ2SEQ!r}。",
    "pad_batch(seqs{extra}) for sequences of lengths {join} and d = {d}": "pad_batch(seqs{extra})（序列长度为 {join}，d = {d}）",
    "pad_batch([]) (an empty list)": "pad_batch([])（空 list）",
    "pad_batch(seqs) with sequences of 3 and 4 features": (
        "pad_batch(seqs)（序列分别有 3 个和 4 个特征）"
    ),
    "padding changed the result: the padded positions were counted in the mean. Pool with the "
    "masked mean (your masked_mean(x, mask)).": "Padding 改变了结果：Padding 的位置被算进平均了。请用带 Mask 的平均来池化（你的 "
    "masked_mean(x, mask)）。",
    "padding changed the result: you divided by all N positions, padding included; divide by the "
    "number of real positions.": "Padding 改变了结果：你除以的是全部 N 个位置，包括 Padding；要除以真实位置的个数。",
    "the mask is reversed: you pooled the padded positions. mask is True at the real positions.": "Mask 用反了：你池化的是 Padding 的位置。mask 在真实位置上是 True。",
    "you pooled with a sum; the classifier averages the real vectors (masked mean).": "你用求和来池化；分类器要的是真实向量的平均（带 Mask 的平均）。",
    "you pooled with a max; the classifier averages the real vectors (masked mean).": "你用最大值来池化；分类器要的是真实向量的平均（带 Mask 的平均）。",
    "padding changed the result: you summed every position, padding included, then divided by the "
    "number of real positions. Zero the padding (or select the real vectors) before the sum.": "Padding 改变了结果：你把每个位置都加起来了，包括 Padding，再除以真实位置的个数。"
    "求和之前要先把 Padding 设成 0（或者只挑出真实的向量）。",
    "you classified the first vector only; pool (masked mean) over every real vector.": "你只拿第一个向量去分类；要对所有真实向量做池化（带 Mask 的平均）。",
    "you classified the last position only, which is padding in a short sequence; pool (masked "
    "mean) over every real vector.": "你只拿最后一个位置去分类，而在短的序列里它是 Padding；要对所有真实向量做池化（带 Mask "
    "的平均）。",
    "you classified the last real vector only; pool (masked mean) over every real vector.": "你只拿最后一个真实向量去分类；要对所有真实向量做池化（带 Mask 的平均）。",
    "the loss is averaged over the padded positions too: they are not real, so they must not "
    "count. Average over the positions where mask is True.": "损失把 Padding 的位置也平均进去了：它们不是真实的，不能算。只对 mask 为 "
    "True 的位置取平均。",
    "you zeroed the padded losses but divided by all B * N positions, padding included; divide by "
    "the number of real positions, mask.sum().": "你把 Padding 位置的损失设成了 0，却除以全部 B * N 个位置，包括 Padding；"
    "要除以真实位置的个数 mask.sum()。",
    "you returned the sum over the real positions; the loss is their mean.": "你返回的是真实位置上的总和；损失是它们的平均。",
    "you averaged each sequence, then the sequences, so a position of a short sequence weighs "
    "more; every real position must count once: the sum over real positions divided by "
    "their number.": "你先对每个序列取平均，再对序列取平均，这样短序列里的位置权重会比较大；"
    "每个真实位置都只能算一次：真实位置上的总和除以它们的个数。",
    "the mask is reversed: you averaged the loss over the padded positions only.": "Mask 用反了：你只对 Padding 的位置取了损失的平均。",
    "the softmax was applied twice: cross_entropy takes raw logits and applies the softmax itself.": "Softmax 做了两次：cross_entropy 接收的是原始的 Logits，它自己会做 Softmax。",
    "the raw logits are not log-probabilities: use F.cross_entropy, or log_softmax before picking "
    "the label's entry.": "原始的 Logits 不是对数概率：请用 F.cross_entropy，或者先做 "
    "log_softmax 再取出标签对应的那一项。",
    "`speaker_model` must be your SequenceClassifier, called as speaker_model(frames, mask).": "`speaker_model` 必须是你的 SequenceClassifier，调用方式是 speaker_model(frames, mask)。",
    "OUTPUT_TYPE must be a dict that maps each task to its output type; found {mapping_type}.": "OUTPUT_TYPE 必须是把每个任务对应到它的输出类型的 dict；现在是 {mapping_type}。",
    "OUTPUT_TYPE has no entry for {join}. Use the names of TASKS as the keys.": "OUTPUT_TYPE 里没有 {join}。请用 TASKS 里的名字作为 key。",
    " (seqs[0][1] is a real vector of zeros)": "（seqs[0][1] 是一个全为 0 的真实向量）",
    "the mask returned by {what}": "{what} 返回的 mask",
    "the batch returned by {what}": "{what} 返回的 batch",
    "padding is counted in the mean: you averaged all N positions. Sum the real positions only "
    "(where mask is True) and divide by their number.": "Padding 被算进平均了：你对全部 N 个位置取了平均。只对真实位置（mask 为 True 的地方）"
    "求和，再除以它们的个数。",
    "padding is counted in the mean: you zeroed the padding but divided by all N positions. Divide "
    "by the number of real positions of each row, mask.sum(1).": "Padding 被算进平均了：你把 Padding 设成了 0，却除以全部 N 个位置。"
    "要除以每一行真实位置的个数 mask.sum(1)。",
    "the mask is reversed: you averaged the padded positions. mask is True at the real positions.": "Mask 用反了：你平均的是 Padding 的位置。mask 在真实位置上是 True。",
    "you returned the sum of the real positions; divide it by their number to get the mean.": "你返回的是真实位置的总和；要除以它们的个数才是平均。",
    "you divided by the number of real positions in the whole batch; divide each row by its "
    "own count.": "你除以的是整个 Batch 里真实位置的个数；每一行要除以它自己的个数。",
    "padding is counted in the mean: you summed every position, padding included, then divided by "
    "the number of real positions. Zero the padding (or select the real vectors) before the sum.": "Padding 被算进平均了：你把每个位置都加起来了，包括 Padding，再除以真实位置的个数。"
    "求和之前要先把 Padding 设成 0（或者只挑出真实的向量）。",
    "you averaged the real vectors of the whole batch together: x[mask] flattens the batch into "
    "one list of vectors. Average each row on its own, (B, d) out.": "你把整个 Batch 的真实向量放在一起平均了：x[mask] 会把 Batch 展平成一串向量。"
    "每一行要各自平均，输出是 (B, d)。",
    "masked_mean(x, mask) where row 1 has no real position (its mask is all False)": "masked_mean(x, mask)（第 1 行没有任何真实位置：它的 mask 全是 False）",
    "{name} must be a subclass of torch.nn.Module.": "{name} 必须是 torch.nn.Module 的子类。",
    "{name}({d_in}, {n_classes}) has no parameters to train: use an nn.Linear.": "{name}({d_in}, {n_classes}) 没有任何可以训练的参数：请用一个 nn.Linear。",
    "{what} must return a tensor of logits, but returned {out_type}.": "{what} 必须返回一个 Logits 的 tensor，但返回的是 {out_type}。",
    "{what} returned probabilities (each row sums to 1); return the logits, the raw scores before "
    "any softmax: the cross-entropy applies the softmax itself.": "{what} 返回的是概率（每一行的和为 1）；请返回 Logits，也就是做 Softmax 之前的原始分数："
    "交叉熵自己会做 Softmax。",
    "{what} returned log-probabilities (log_softmax: each row's exp sums to 1), as a model trained "
    "with nn.NLLLoss does; return the logits, the raw scores: F.cross_entropy applies "
    "log_softmax itself.": "{what} 返回的是对数概率（log_softmax：每一行取 exp 之后和为 1），就像用 nn.NLLLoss "
    "训练的模型那样；请返回 Logits，也就是原始分数：F.cross_entropy 自己会做 log_softmax。",
    "no nn.Linear": "没有 nn.Linear",
    "{name}({d_in}, {n_classes}) is masked mean pooling followed by one nn.Linear({d_in}, "
    "{n_classes}); found {found}.": "{name}({d_in}, {n_classes}) 是带 Mask 的平均池化，后面接一个 nn.Linear({d_in}, "
    "{n_classes})；现在找到的是 {found}。",
    "SequenceClassifier(4, 3)(x, mask) for rows of lengths 6, 2 and 4": "SequenceClassifier(4, 3)(x, mask)（各行长度为 6、2 和 4）",
    "you left out the positions labelled {c} (ignore_index={c}) instead of the padded ones: here "
    "padded positions hold real class ids, and real positions of that class must count. Leave out "
    "the positions where mask is False (labels.masked_fill(~mask, -100) with ignore_index=-100, "
    "or logits[mask]).": "你排除的是标签为 {c} 的位置（ignore_index={c}），而不是 Padding 的位置：这里 Padding "
    "的位置放的也是真实的类别编号，而属于这个类别的真实位置必须算进去。要排除的是 mask 为 "
    "False 的位置（labels.masked_fill(~mask, -100) 搭配 ignore_index=-100，或者 "
    "logits[mask]）。",
    "your speaker classifier names the speaker of {acc:.1%} of held-out utterances; it needs at "
    "least {min_accuracy:.0%}. Check that padding is left out of the mean, then train longer or "
    "with a larger learning rate.": "你的说话人分类器在留出的语句上认对了 {acc:.1%} 的说话人；至少需要 {min_accuracy:.0%}。"
    "检查 Padding 有没有被排除在平均之外，再训练久一点，或者用大一点的学习率。",
    "OUTPUT_TYPE[{task!r}] is {mapping!r}, which is not one of {join}.{other_name}": "OUTPUT_TYPE[{task!r}] 是 {mapping!r}，它不是 {join} 其中之一。{other_name}",
    "{what}: the mask has dtype {dtype}; it must be a bool tensor (torch.bool), True at real "
    "positions, so that ~mask, masked_fill and x[mask] work.": "{what}：mask 的 dtype 是 {dtype}；它必须是 bool 的 tensor（torch.bool），真实位置上是 "
    "True，这样 ~mask、masked_fill 和 x[mask] 才能用。",
    "the mask is reversed: it must be True at the real positions and False at the padding.": "Mask 用反了：它在真实位置上必须是 True，在 Padding 上是 False。",
    "the padding is on the wrong side: the mask marks the end of each row as real, but each "
    "sequence must start at position 0, followed by the padding (right padding), so row i is True "
    "at its first L_i positions.": "Padding 补错边了：mask 把每一行的后段标成了真实位置，但每个序列都必须从位置 0 开始，"
    "后面才是 Padding（右侧补齐），所以第 i 行是前 L_i 个位置为 True。",
    "the rows must keep the order of seqs: row i is seqs[i] (do not sort by length).": "各行必须保持 seqs 的顺序：第 i 行是 seqs[i]（不要按长度排序）。",
    "the mask was read off the values (batch != pad_value): a real vector that equals the padding "
    "is then marked as padding. Build the mask from the lengths: position j of row i is real if j "
    "< len(seqs[i]).": "mask 是从数值判断出来的（batch != pad_value）：这样刚好等于填充值的真实向量会被标成 "
    "Padding。要用长度来建 mask：当 j < len(seqs[i]) 时，第 i 行的位置 j 是真实的。",
    "{what}: the padding holds {unique:g}, but pad_value defaults to 0.0 when it is not given: def "
    "pad_batch(seqs, pad_value=0.0).": "{what}：Padding 里放的是 {unique:g}，但不给 pad_value 时它的默认值是 0.0："
    "def pad_batch(seqs, pad_value=0.0)。",
    "the padding is on the wrong side: each sequence must start at position 0 of its row, followed "
    "by the padding (right padding).": "Padding 补错边了：每个序列都必须从它那一行的位置 0 开始，后面才是 Padding（右侧补齐）。",
    "the padded positions must hold pad_value.": "Padding 的位置必须放 pad_value。",
    "the batch is (L_max, B, d): nn.utils.rnn.pad_sequence stacks the sequences along dim 1 unless "
    "you pass batch_first=True; the batch is (B, L_max, d).": "batch 的形状是 (L_max, B, d)：除非传入 batch_first=True，否则 nn.utils.rnn.pad_sequence "
    "会沿着 dim 1 堆叠序列；batch 应该是 (B, L_max, d)。",
    "masked_mean(x, mask) for rows of lengths {join}": "masked_mean(x, mask)（各行长度为 {join}）",
    "returned probabilities": "返回了概率",
    "returned log-probabilities": "返回了对数概率",
    "PerVectorClassifier({d_in}, {n_classes})(x) for x of shape (2, 5, {d_in})": "PerVectorClassifier({d_in}, {n_classes})(x)（x 的形状为 (2, 5, {d_in})）",
    "\n(the padded positions hold values that must not change the result)": "\n（Padding 的位置放了一些值，它们不能改变结果）",
    "masked_cross_entropy(logits, labels, mask) for rows of lengths 5, 2 and 3": "masked_cross_entropy(logits, labels, mask)（各行长度为 5、2 和 3）",
    "evaluating `speaker_model(frames, mask)` raised {exc_type}: {exc}": "评估 `speaker_model(frames, mask)` 时抛出了 {exc_type}：{exc}",
    'OUTPUT_TYPE[{task!r}] is {given!r}, but it is not: "{desc}" {CONFUSIONS}': "OUTPUT_TYPE[{task!r}] 是 {given!r}，但它不是：“{desc}”{CONFUSIONS}",
    "a {kind} task taken for {given}": "把 {kind} 的任务当成了 {given}",
    "a default pad_value other than 0.0": "pad_value 的默认值不是 0.0",
    "\nwith x of shape {shape} (the padded positions hold values that must be ignored)": "\nx 的形状为 {shape}（Padding 的位置放了一些必须忽略的值）",
    "{what} returned shape {shape}, expected (3, 3).": (
        "{what} 返回的形状是 {shape}，应该是 (3, 3)。"
    ),
    "{what} gives NaN for the row with no real position: 0 / 0. Divide by the count clamped to at "
    "least 1 (count.clamp(min=1)), so that an empty row's sum, 0, stays 0.": "{what} 对没有真实位置的那一行得到了 NaN：0 / 0。除以的个数至少要是 1（count.clamp(min=1)）"
    "，这样空的那一行的和 0 会保持为 0。",
    "{what} returned {got} for the row with no real position; expected zeros.": "{what} 对没有真实位置的那一行返回了 {got}；应该全是 0。",
    "{what} returned shape (3, 6, 3): one label per vector. Pool the vectors of each sequence into "
    "one (masked mean) before the linear layer: the output is (B, n_classes) = (3, 3).": "{what} 返回的形状是 (3, 6, 3)：每个向量一个标签。在线性层之前，"
    "要先把每个序列的向量池化成一个（带 Mask 的平均）：输出是 (B, n_classes) = (3, 3)。",
    "SequenceClassifier(4, 3) on sequence {b} alone, without padding,": "SequenceClassifier(4, 3) 单独作用在序列 {b} 上（没有 Padding）",
    "\n(padded positions hold labels too; they must not count)": (
        "\n（Padding 的位置也放了标签；它们不能算进去）"
    ),
    "PerVectorClassifier({d_in}, {n_classes}) holds {join}: build the layer from the arguments, "
    "nn.Linear(d_in, n_classes), not from fixed sizes.": "PerVectorClassifier({d_in}, {n_classes}) 里是 {join}：请用传入的参数建层，nn.Linear(d_in, "
    "n_classes)，而不是写死的大小。",
    "{what} returned shape (2, {n_classes}): one label per sequence. A per-vector classifier gives "
    "every vector its own logits, shape (B, N, n_classes) = (2, 5, {n_classes}).": "{what} 返回的形状是 (2, {n_classes})：每个序列一个标签。逐向量的分类器要给每个向量各自的 "
    "Logits，形状为 (B, N, n_classes) = (2, 5, {n_classes})。",
    "{what} returned shape {shape}, expected (2, 5, {n_classes}).": "{what} 返回的形状是 {shape}，应该是 (2, 5, {n_classes})。",
    "{what} gives the same logits to every vector: use the vector itself.": "{what} 给每个向量的 Logits 都一样：要用向量本身。",
    "{what}: the logits of one vector depend on the other vectors of its sequence. A per-vector "
    "classifier labels each vector from that vector alone, with the same layer at every position "
    "(nn.Linear works on the last axis of a (B, N, d_in) tensor as it is).": "{what}：一个向量的 Logits 受到了同一个序列里其他向量的影响。"
    "逐向量的分类器只根据这个向量本身给它标签，每个位置用的都是同一层（nn.Linear 本来就作用在 "
    "(B, N, d_in) tensor 的最后一个轴上）。",
    "{what} returned {loss_type}; return a torch tensor (a scalar) connected to the logits, so "
    "that loss.backward() can train the model (no .item(), no NumPy).": "{what} 返回了 {loss_type}；请返回一个和 Logits 连在一起的 torch tensor（标量），"
    "这样 loss.backward() 才能训练模型（不要用 .item()，也不要用 NumPy）。",
    "{what} returned shape {shape}; the loss is one number, the mean over the real positions.": "{what} 返回的形状是 {shape}；损失是一个数，也就是真实位置上的平均。",
    "{what} is not connected to the logits (it has no gradient): keep it a tensor computed from "
    "them with torch operations, so that loss.backward() reaches the model.": "{what} 没有和 Logits 连在一起（它没有梯度）：要让它保持为用 torch 运算从 Logits 算出来的 "
    "tensor，这样 loss.backward() 才能传回模型。",
    "loss.backward() on the result of {what} raised {backward}": "对 {what} 的结果做 loss.backward() 时抛出了 {backward}",
    "{what}: the gradient reaches padded positions; padding must not influence training.": "{what}：梯度传到了 Padding 的位置；Padding 不能影响训练。",
    "fixed layer sizes": "写死的层大小",
    # the tasks of autograder/reference/output_types.py (TASKS), quoted in a message
    "Tag every word of a sentence with its part of speech (noun, verb, ...).": "给句子里的每个词标上词性（名词、动词……）。",
    "Tell which of a company's employees is speaking in a voice recording.": "判断一段录音里说话的是公司里的哪一位员工。",
    "Translate an English sentence into German.": "把一个英文句子翻译成德文。",
    "Predict whether a molecule is toxic.": "预测一个分子有没有毒性。",
    "Turn a recording of speech into the text that was said.": "把一段语音录音转成所说的文字。",
    "Mark every word of a news sentence as part of a person's name, a place, or neither.": "把新闻句子里的每个词标成人名的一部分、地名的一部分，或者都不是。",
    "Decide for every 10 ms frame of a recording whether someone is speaking.": "对录音里每个 10 ms 的 Frame 判断有没有人在说话。",
    "Predict the partial electric charge of every atom of a molecule (a number per atom).": "预测分子里每个原子的部分电荷（每个原子一个数）。",
    "Detect which language a sentence is written in.": "判断一个句子是用哪种语言写的。",
    "Predict the star rating (1 to 5) of a product review.": (
        "预测一则商品评论给的星级（1 到 5 星）。"
    ),
    "Write a short summary of a news article.": "为一篇新闻文章写一段简短的摘要。",
    "Answer a question about a paragraph with a sentence of your own words.": "针对一段文字回答一个问题，用你自己的话写成一句。",
    # ---------------------------------------------------------------- sequence_labeling.py (03)
    "The shifted slices have different lengths: each must hold exactly N rows, padded[j:j + N] "
    "(beware x[a:-b] with b = 0: -0 is 0, so the slice is empty).": "平移后的切片长度不一样：每一片都必须刚好有 N 行，padded[j:j + N]（小心 x[a:-b] 在 b = 0 "
    "时：-0 就是 0，切出来是空的）。",
    "The shifted slices have different shapes. nn.functional.pad pads the LAST dimension first: "
    "(k, k) pads the features; pad the sequence axis of (B, N, d) with (0, 0, k, k).": "平移后的切片形状不一样。nn.functional.pad 先补的是“最后”一维：(k, k) 补的是特征那一维；"
    "要补 (B, N, d) 的序列那一维，请用 (0, 0, k, k)。",
    "Build the windows with torch operations (pad, slices, cat) rather than NumPy, so that the "
    "gradient reaches x (the embeddings learn through it).": "请用 torch 的运算（pad、切片、cat）来构造窗口，而不是 NumPy，这样梯度才能传回 x"
    "（Embedding 要靠它来学习）。",
    "{name}(tokens, mask) on the corpus's test sentences": (
        "{name}(tokens, mask)（用语料的测试句子）"
    ),
    "context_windows(x, {k}) for x of shape {shape}": (
        "context_windows(x, {k})（x 的形状为 {shape}）"
    ),
    "WindowMLP({d_in}, {k}, {hidden}, {n_classes})(x) for x of shape {shape}": "WindowMLP({d_in}, {k}, {hidden}, {n_classes})(x)（x 的形状为 {shape}）",
    "Pad with nn.functional.pad, or create the zeros on the input's device (torch.zeros(..., "
    "device=x.device) or x.new_zeros(...)).": "请用 nn.functional.pad 来补值，或者把 0 建在输入所在的设备上（torch.zeros(..., "
    "device=x.device) 或 x.new_zeros(...)）。",
    "{what}, expected {expected}: count the weights and the biases of both layers, Linear({width}, "
    "{hidden}) and Linear({hidden}, {n_classes}).": "{what}，应该是 {expected}：两层的 weight 和 bias 都要算，Linear({width}, {hidden}) 和 "
    "Linear({hidden}, {n_classes})。",
    "WindowMLP must be a subclass of torch.nn.Module.": "WindowMLP 必须是 torch.nn.Module 的子类。",
    " Off by one: the window holds 2k + 1 vectors (k on each side plus the centre).": " 差了一个：窗口里有 2k + 1 个向量（两边各 k 个，加上中间那一个）。",
    "{what} should hold exactly two layers, nn.Linear({width}, {hidden}) and nn.Linear({hidden}, "
    "{n_classes}) with a ReLU between them; found {found}.{hint}": "{what} 应该刚好有两层，nn.Linear({width}, {hidden}) 和 nn.Linear({hidden}, {n_classes})，"
    "中间夹一个 ReLU；现在找到的是 {found}。{hint}",
    "{what}: the biases are left out; keep nn.Linear's default bias=True in both layers.": "{what}：少了 bias；两层都要保留 nn.Linear 默认的 bias=True。",
    "the windows run along the batch axis (dim 0): x is (B, N, d_in), so the neighbours of "
    "position i are x[:, i - k], ..., x[:, i + k], on dim 1.": "窗口是沿着 Batch 那一维（dim 0）取的：x 是 (B, N, d_in)，所以位置 i 的邻居是 x[:, i - k], "
    "..., x[:, i + k]，在 dim 1 上。",
    "the windows leak from one sequence of the batch into the next: pad each sequence on its own "
    "(the sequence axis is dim 1), e.g. nn.functional.pad(x, (0, 0, k, k)).": "窗口从 Batch 里的一个序列跨到了下一个序列：每个序列要各自补值（序列那一维是 dim 1），"
    "例如 nn.functional.pad(x, (0, 0, k, k))。",
    "the ReLU between the two layers is missing.": "两层之间少了 ReLU。",
    "you returned probabilities (a softmax at the end); return the logits: the cross-entropy of "
    "training applies the softmax itself.": "你返回的是概率（最后做了 Softmax）；请返回 Logits：训练时的交叉熵自己会做 Softmax。",
    "you returned log-probabilities (log_softmax, for nn.NLLLoss); return the logits: "
    "F.cross_entropy applies log_softmax itself.": "你返回的是对数概率（log_softmax，给 nn.NLLLoss 用的）；请返回 Logits：F.cross_entropy "
    "自己会做 log_softmax。",
    "WindowMLP.forward loops over positions in Python: it runs {counts} torch operations for a "
    "sequence of 6 vectors and {counts2} for 12. Build every window at once (pad the sequence "
    "axis, then concatenate shifted slices, one per offset -k..k), so the work is batched.": "WindowMLP.forward 在 Python 里逐个位置做循环：6 个向量的序列要做 {counts} 次 torch 运算，"
    "12 个要做 {counts2} 次。请一次构造出所有窗口（先补序列那一维，再把平移后的切片拼接起来，"
    "偏移量 -k..k 各一片），让计算成批完成。",
    "{what} should return logits of shape {value} (one score per tag), found {shape}. Build it as "
    "WindowTagger(corpus.vocab_size, k, corpus.n_tags).": "{what} 应该返回形状为 {value} 的 Logits（每个标签一个分数），现在是 {shape}。"
    "请这样建立它：WindowTagger(corpus.vocab_size, k, corpus.n_tags)。",
    'per_vector_tagger gives the two "saw" of "i saw a saw" different outputs, so it sees more '
    "than one word at a time: a per-vector model is a WindowTagger with k = 0.": 'per_vector_tagger 对 "i saw a saw" 里的两个 "saw" 给出了不同的输出，'
    "所以它一次看到的不只一个词：逐向量的模型就是 k = 0 的 WindowTagger。",
    "per_vector_tagger tags {acc:.0%} of the unambiguous test words correctly; a trained "
    "per-vector model gets at least 90%. Train it on corpus.data('train') with train_tagger.": "per_vector_tagger 在没有歧义的测试词上标对了 {acc:.0%}；训练好的逐向量模型至少能到 90%。"
    "请用 train_tagger 在 corpus.data('train') 上训练它。",
    'window_tagger tags "i saw a saw" as {join}; the first saw is a VERB and the second a NOUN. '
    "Give it a window (k >= 1) and train it on corpus.data('train').": 'window_tagger 把 "i saw a saw" 标成了 {join}；第一个 saw 是 VERB，第二个是 NOUN。'
    "请给它一个窗口（k >= 1），并在 corpus.data('train') 上训练它。",
    "window_tagger tags only {acc:.0%} of the ambiguous test words (saw, watch, fly, can, book) "
    "correctly; it needs at least 75%. Train it longer.": "window_tagger 在有歧义的测试词（saw、watch、fly、can、book）上只标对了 {acc:.0%}；"
    "至少需要 75%。请训练久一点。",
    "`window_accuracies` should be a dict {{k: test accuracy}}, found {accuracies_type}.": "`window_accuracies` 应该是一个 dict {{k: 测试准确率}}，现在是 {accuracies_type}。",
    "`window_accuracies` has no entry for k = {missing} (its keys: {keys}); it needs the "
    "ints {list_k_values}.": "`window_accuracies` 里没有 k = {missing}（它的 key 是：{keys}）；需要的是这些 "
    "int：{list_k_values}。",
    "window_accuracies[0] = {values:.3f}, but with k = 0 each card is tagged from itself alone, "
    "and its twin's colour is independent of it: the accuracy must be near chance, 1/3. Check that "
    "sweep_point(0) builds a window of k = 0 and scores the test set.": "window_accuracies[0] = {values:.3f}，但 k = 0 时每张牌只根据它自己来标，"
    "而它那张成对的牌的颜色和它无关：准确率应该接近随机猜的 1/3。请检查 sweep_point(0) 建的是 "
    "k = 0 的窗口，并且是在测试集上评分。",
    "{what} gives {again:.3f}, then {twice:.3f} when run once more: it is not seeded. Seed PyTorch "
    "with torch.manual_seed(seed) at its start, before building the model, so that every run of "
    "sweep_point agrees.": "{what} 得到 {again:.3f}，再跑一次却是 {twice:.3f}：它没有固定随机种子。请在一开始、"
    "建立模型之前，用 torch.manual_seed(seed) 固定 PyTorch 的种子，让 "
    "sweep_point 每次跑的结果都一致。",
    "{what} gives {again:.3f} when run again, but window_accuracies[{rerun_k}] = {values:.3f}: "
    "fill the dict with the values sweep_point computes, and seed it (torch.manual_seed(seed) "
    "before building the model) so that a re-run agrees.": "{what} 再跑一次得到 {again:.3f}，但 window_accuracies[{rerun_k}] = {values:.3f}：dict "
    "里要填 sweep_point 算出来的值，并且固定种子（建立模型之前 torch.manual_seed(seed)）"
    "，这样重跑才会一致。",
    "the window is in reversed order: row i must be x[i - k], ..., x[i + k], the left "
    "neighbours first.": "窗口的顺序反了：第 i 行必须是 x[i - k], ..., x[i + k]，左边的邻居在前。",
    "beyond the ends you repeated the first and last vectors (edge copies); the window must hold "
    "zero vectors there.": "超出两端的地方，你重复了第一个和最后一个向量（复制边缘）；那里的窗口必须放零向量。",
    "the window wraps around (vectors from the other end appear beyond the ends, as with np.roll); "
    "the window must hold zero vectors there.": "窗口绕回去了（超出两端的地方出现了另一端的向量，就像 np.roll 那样）"
    "；那里的窗口必须放零向量。",
    "beyond the ends you mirrored the sequence (reflect padding, as np.pad(..., mode='reflect') or "
    "padding_mode='reflect' do); the window must hold zero vectors there.": "超出两端的地方，你把序列镜像过去了（反射补值，就像 np.pad(..., mode='reflect') 或 "
    "padding_mode='reflect' 那样）；那里的窗口必须放零向量。",
    "near the ends the zero vectors went to the end of the window: a window cut from the sequence "
    "(x[max(0, i - k):i + k + 1]) and then filled up with zeros loses its alignment. Row i holds "
    "x[i - k] first, so a missing left neighbour is a zero vector at the front.": "靠近两端时，零向量被放到了窗口的最后：从序列里切出窗口（x[max(0, i - k):i + k + 1]）再用 "
    "0 补满，就会对不齐。第 i 行最前面是 x[i - k]，所以缺少的左邻居是放在前面的零向量。",
    "the sequence was not padded: only the positions with k whole neighbours on each side got a "
    "window (N - 2k rows, as an unpadded unfold or sliding_window_view gives). Pad k zero vectors "
    "at both ends so every position gets one: N rows.": "序列没有补值：只有两边各有 k 个完整邻居的位置才有窗口（N - 2k 行，就像没补值的 unfold 或 "
    "sliding_window_view 给出的那样）。两端各补 k 个零向量，让每个位置都有窗口：N 行。",
    "off by one: the window holds {n_wide} vectors, but 2k + 1 = {n_wide2} are needed (k on each "
    "side plus the centre).": "差了一个：窗口里有 {n_wide} 个向量，但需要 2k + 1 = {n_wide2} 个（两边各 k 个，"
    "加上中间那一个）。",
    "the window covers only the left side: row i must run from x[i - k] to x[i + k].": "窗口只涵盖了左边：第 i 行必须从 x[i - k] 到 x[i + k]。",
    "the window covers only the right side: row i must run from x[i - k] to x[i + k].": "窗口只涵盖了右边：第 i 行必须从 x[i - k] 到 x[i + k]。",
    "the window is not centred on row i: it must run from x[i - k] to x[i + k].": "窗口没有以第 i 行为中心：它必须从 x[i - k] 到 x[i + k]。",
    "the features are interleaved: put whole vectors one after the other (concatenate along the "
    "last axis), rather than stacking them on a new axis and reshaping.": "特征交错在一起了：要把整个向量一个接一个放（沿着最后一个轴拼接），"
    "而不是在新的轴上堆叠再 reshape。",
    "{what} returned shape {shape}, no rows: with k = 0, x[k:-k] is x[0:-0], which is empty (-0 is "
    "0). With k = 0 the window is the vector itself: return x.": "{what} 返回的形状是 {shape}，没有任何行：k = 0 时，x[k:-k] 就是 x[0:-0]，是空的（-0 就是 "
    "0）。k = 0 时窗口就是向量本身：返回 x。",
    "{what} returned shape {shape}: off by one, the window must hold 2k + 1 = {value} vectors of "
    "size {d}, so {value2} columns (k on each side plus the centre).": "{what} 返回的形状是 {shape}：差了一个，窗口必须有 2k + 1 = {value} 个大小为 {d} 的向量，"
    "所以是 {value2} 列（两边各 k 个，加上中间那一个）。",
    "{what} returned {raw!r}, a float; a number of parameters is an int (use // for any division, "
    "or int(...)).": "{what} 返回了 {raw!r}，是 float；参数的个数是 int（除法请用 //，或者用 int(...)）。",
    " The first layer must take the whole window, (2k + 1) * d_in features, not one vector.": " 第一层的输入必须是整个窗口，(2k + 1) * d_in 个特征，而不是一个向量。",
    "{what} must return a torch tensor of logits, found {out_type}.": "{what} 必须返回 Logits 的 torch tensor，现在是 {out_type}。",
    "{what} returned a tensor on {device} for an input on {device2}: keep everything on the device "
    "of the input.": "输入在 {device2} 上，{what} 返回的 tensor 却在 {device} "
    "上：所有东西都要留在输入所在的设备上。",
    "{what} returned shape {shape}, no positions: with k = 0, x[:, k:-k] is x[:, 0:-0], which is "
    "empty (-0 is 0). With k = 0 the window is each vector itself.": "{what} 返回的形状是 {shape}，没有任何位置：k = 0 时，x[:, k:-k] 就是 x[:, 0:-0]，"
    "是空的（-0 就是 0）。k = 0 时窗口就是每个向量本身。",
    "{what}: backpropagating through your output raised {backward}": (
        "{what}：对你的输出做反向传播时抛出了 {backward}"
    ),
    "{what}: no gradient flows back to the input x, so an embedding before this layer could not "
    "learn. Build the windows with torch operations (no NumPy, no .detach()).": "{what}：没有梯度传回输入 x，所以这一层前面的 Embedding 没办法学习。请用 torch "
    "的运算构造窗口（不要用 NumPy，也不要 .detach()）。",
    "WindowMLP(4, 2, 8, 3)(x) for x of shape {shape}": (
        "WindowMLP(4, 2, 8, 3)(x)（x 的形状为 {shape}）"
    ),
    " Store fractions (0.45), not percentages (45).": " 请存小数（0.45），而不是百分比（45）。",
    "window_accuracies[{k}] = {v:g} is not an accuracy between 0 and 1.{hint}": "window_accuracies[{k}] = {v:g} 不是介于 0 和 1 之间的准确率。{hint}",
    "sweep_point not seeded": "sweep_point 没有固定随机种子",
    "np.pad(x, k) pads every axis, the features too: pad only the sequence axis, np.pad(x, ((k, "
    "k), (0, 0))).": "np.pad(x, k) 会补每一个轴，连特征那一维也补了：只补序列那一维，np.pad(x, ((k, k), "
    "(0, 0)))。",
    "x[k:-k] empty for k = 0": "k = 0 时 x[k:-k] 是空的",
    "the window covers one side only: the first layer sees (2k + 1) * d_in inputs.": "窗口只涵盖了一边：第一层看到的是 (2k + 1) * d_in 个输入。",
    "the window holds k vectors, but k is the number of neighbours on EACH side: 2k + 1 vectors "
    "with the centre, so the first layer sees (2k + 1) * d_in inputs.": "窗口里放了 k 个向量，但 k 是“每一边”的邻居个数：加上中间那一个共 2k + 1 个向量，"
    "所以第一层看到的是 (2k + 1) * d_in 个输入。",
    "you counted a first layer per window position, each with its own biases; there is one "
    "Linear((2k + 1) * d_in, hidden), with hidden biases in all.": "你给窗口里的每个位置都算了一个第一层，各有自己的 bias；其实只有一个 Linear((2k + 1) * "
    "d_in, hidden)，总共 hidden 个 bias。",
    "you counted the units (inputs and neurons) of the layers, not their parameters: Linear(n_in, "
    "n_out) has n_in * n_out weights plus n_out biases.": "你数的是各层的单元（输入和神经元），而不是参数：Linear(n_in, n_out) 有 n_in * n_out 个 "
    "weight，再加上 n_out 个 bias。",
    "the biases are left out: nn.Linear(n_in, n_out) has n_in * n_out weights plus n_out biases.": "少算了 bias：nn.Linear(n_in, n_out) 有 n_in * n_out 个 weight，再加上 n_out 个 bias。",
    "the first layer's biases are missing: nn.Linear(n_in, n_out) also has n_out biases.": "少算了第一层的 bias：nn.Linear(n_in, n_out) 还有 n_out 个 bias。",
    "the second layer's biases are missing: nn.Linear(n_in, n_out) also has n_out biases.": "少算了第二层的 bias：nn.Linear(n_in, n_out) 还有 n_out 个 bias。",
    "the second layer is missing: the network ends with Linear(hidden, n_classes).": "少了第二层：网络的最后是 Linear(hidden, n_classes)。",
    "off by one: the first layer sees (2k + 1) * d_in inputs (k vectors on each side plus "
    "the centre).": "差了一个：第一层看到的是 (2k + 1) * d_in 个输入（两边各 k 个向量，加上中间那一个）。",
    # ---------------------------------------------------------------- transformer_layer.py (05)
    "the forbidden keys were zeroed after the softmax, so each row no longer sums to 1: fill their "
    "scores with -inf BEFORE the softmax (and zero only the rows left with no key at all).": "不允许关注的 Key 是在 Softmax 之后才设成 0 的，所以每一行的和不再是 1：要在 "
    "Softmax“之前”把它们的分数填成 -inf（只有完全没有 Key 可以关注的那些行才设成 0）。",
    "you added the boolean mask to the scores (True counts as 1, False as 0), so forbidden keys "
    "keep their share of the softmax. A bool mask selects: "
    "scores.masked_fill(~mask, float('-inf')).": "你把布尔 Mask 加到了分数上（True 算 1，False 算 0），所以不允许关注的 Key 还是会分到 "
    "Softmax 的权重。布尔 Mask 是用来挑选的：scores.masked_fill(~mask, float('-inf'))。",
    "On a batch, k.T reverses every axis; transpose the last two only: k.transpose(-2, -1) "
    "(or k.mT).": "在一个 Batch 上，k.T 会把所有轴反过来；只转置最后两个轴：k.transpose(-2, -1)（或 k.mT）。",
    "After transpose the tensor is no longer contiguous: merge the heads with .reshape(B, N, "
    "d_model), or call .contiguous() before .view.": "transpose 之后 tensor 在内存里不再连续：请用 .reshape(B, N, d_model) 合并各个头，或者在 "
    ".view 之前先调用 .contiguous()。",
    "graph_attention_mask(adjacency) for an adjacency on another device than the CPU": "graph_attention_mask(adjacency)（adjacency 在 CPU 以外的设备上）",
    "the causal mask is off by one: it also hides the query's own position (the diagonal). Query i "
    "may attend to keys 0..i, itself included: torch.ones(n, n).tril(), i.e. tril with diagonal=0.": "因果 Mask 差了一个：它连 Query 自己的位置（对角线）也遮住了。第 i 个 Query 可以关注第 "
    "0..i 个 Key，包括它自己：torch.ones(n, n).tril()，也就是 diagonal=0 的 tril。",
    "the causal mask is off by one: query i also sees key i + 1, one step into the future. Keep "
    "keys 0..i only: tril with diagonal=0.": "因果 Mask 差了一个：第 i 个 Query 还看到了第 i + 1 个 Key，往未来多看了一步。只保留第 "
    "0..i 个 Key：diagonal=0 的 tril。",
    "the causal mask is reversed: each query sees itself and the FUTURE keys (upper triangle). "
    "Query i may attend only to keys j <= i (the lower triangle, tril).": "因果 Mask 反了：每个 Query 看到的是自己和“未来”的 Key（上三角）。第 i 个 Query 只能关注 j "
    "<= i 的 Key（下三角，tril）。",
    "the causal mask is reversed and off by one: each query sees only later keys. Query i may "
    "attend to keys j <= i (tril).": "因果 Mask 反了，还差了一个：每个 Query 只看到后面的 Key。第 i 个 Query 可以关注 j <= i 的 "
    "Key（tril）。",
    "the causal flag is ignored: with causal=True query i must not see keys after position i.": "causal 参数被忽略了：causal=True 时，第 i 个 Query 不能看到位置 i 之后的 Key。",
    "scaled_dot_product_attention(q, k, v{value}, causal=True) for inputs on another device than "
    "the CPU": "scaled_dot_product_attention(q, k, v{value}, causal=True)（输入在 CPU 以外的设备上）",
    "MultiHeadSelfAttention(10, 3) (10 is not divisible by 3)": (
        "MultiHeadSelfAttention(10, 3)（10 不能被 3 整除）"
    ),
    "with i = range(0, d, 2) the sine's exponent 2 * i / d is doubled (i is already the even "
    "column index) and the cosine's 2 * (i + 1) / d gives it another frequency than its sine: "
    "columns i and i + 1 share one frequency, 1 / 10000 ** (i / d).": "用 i = range(0, d, 2) 时，sin 的指数 2 * i / d 被加倍了（i 本身已经是偶数列的索引），而 "
    "cos 的 2 * (i + 1) / d 又给了它和 sin 不同的频率：第 i 列和第 i + 1 列共用同一个频率，1 / "
    "10000 ** (i / d)。",
    "the exponent is doubled: with i = torch.arange(0, d, 2), i already IS the even column index "
    "2i, so 10000 ** (2 * i / d) uses 4i/d. Use 10000 ** (i / d) with that i (or 2i/d with the "
    "pair index torch.arange(d // 2)).": "指数被加倍了：用 i = torch.arange(0, d, 2) 时，i 本身“就是”偶数列的索引 2i，所以 10000 ** "
    "(2 * i / d) 用的其实是 4i/d。这个 i 要配 10000 ** (i / d)（或者用成对的索引 "
    "torch.arange(d // 2) 配 2i/d）。",
    "sin and cos are swapped: even columns 2i take sin, odd columns 2i+1 take cos.": "sin 和 cos 对调了：偶数列 2i 用 sin，奇数列 2i+1 用 cos。",
    "the frequency exponent is wrong: use 10000^(2i/d) where i is the pair index (columns 2i and "
    "2i+1 share one frequency), not 10000^(i/d).": "频率的指数不对：要用 10000^(2i/d)，其中 i 是成对的索引（第 2i 列和第 2i+1 列共用一个频率）"
    "，而不是 10000^(i/d)。",
    "the frequency exponent is wrong: columns 2i and 2i+1 share ONE frequency, 1/10000^(2i/d); you "
    "used each column's own index j in 10000^(j/d).": "频率的指数不对：第 2i 列和第 2i+1 列共用“同一个”频率 1/10000^(2i/d)；你在 10000^(j/d) "
    "里用的是每一列自己的索引 j。",
    "the frequency exponent is wrong: you used 10000^(2j/d) with j the column index; the exponent "
    "is 2i/d with i = j // 2 (the pair index).": "频率的指数不对：你用的是 10000^(2j/d)，j 是列的索引；指数应该是 2i/d，其中 i = j // "
    "2（成对的索引）。",
    "the position is multiplied by 10000^(2i/d); it must be divided: sin(p / 10000^(2i/d)).": "位置被乘上了 10000^(2i/d)；应该是除以它：sin(p / 10000^(2i/d))。",
    "the sines and cosines are in two halves; they must alternate: column 2i is a sine, column "
    "2i+1 the cosine of the same angle.": "sin 和 cos 被分成了前后两半；它们必须交替排列：第 2i 列是 sin，第 2i+1 "
    "列是同一个角度的 cos。",
    "positions start at 1; the first position is p = 0 (its encoding is [0, 1, 0, 1, ...]).": "位置从 1 开始了；第一个位置是 p = 0（它的编码是 [0, 1, 0, 1, ...]）。",
    "`tagger` must have forward(tokens, mask).": "`tagger` 必须有 forward(tokens, mask)。",
    "{what} returned tensors on {device}/{device2} for inputs on {device3}: keep everything on the "
    "device of the inputs.": "输入在 {device3} 上，{what} 返回的 tensor 却在 {device}/{device2} "
    "上：所有东西都要留在输入所在的设备上。",
    "with both a mask and causal=True a key must be allowed by BOTH (mask & causal), but you kept": "同时给了 mask 和 causal=True 时，一个 Key 必须“两者都”允许才行（mask & causal）"
    "，但你保留的是",
    "scaled_dot_product_attention(q, k, v, mask=mask) with a mask of shape (2, 1, 5), broadcast "
    "over the 4 queries": "scaled_dot_product_attention(q, k, v, mask=mask)（mask 的形状为 (2, 1, 5)，对 4 个 Query "
    "做 broadcast）",
    "scaled_dot_product_attention(q, k, v, mask=mask) where query 1 of sequence 0 may attend "
    "to nothing": "scaled_dot_product_attention(q, k, v, mask=mask)（序列 0 的第 1 个 Query 什么都不能关注）",
    "MultiHeadSelfAttention must be a subclass of torch.nn.Module.": "MultiHeadSelfAttention 必须是 torch.nn.Module 的子类。",
    "MultiHeadSelfAttention needs `out_proj = nn.Linear({d_model}, {d_model})` (with a bias).": "MultiHeadSelfAttention 需要 `out_proj = nn.Linear({d_model}, {d_model})`（带 bias）。",
    "{what} must return (out, weights), the weights a tensor of shape ({B}, {n_heads}, {N}, {N}); "
    "found {weights_type}.": "{what} 必须返回 (out, weights)，其中 weights 是形状为 ({B}, {n_heads}, {N}, {N}) 的 "
    "tensor；现在是 {weights_type}。",
    "{what} returned weights averaged over the heads, shape {shape}; return each head's own "
    "weights, shape ({B}, {n_heads}, {N}, {N}), as your scaled_dot_product_attention gives them.": "{what} 返回的是各个头平均后的权重，形状 {shape}；请返回每个头自己的权重，形状 ({B}, "
    "{n_heads}, {N}, {N})，就是你的 scaled_dot_product_attention 给出的那样。",
    "{what} must return a torch tensor of dtype torch.bool (True = may attend), got {dtype}. "
    "Comparisons such as (i - j).abs() <= window already give bool.": "{what} 必须返回 dtype 为 torch.bool 的 torch tensor（True 表示可以关注），现在是 {dtype}。"
    "像 (i - j).abs() <= window 这样的比较本来就会得到 bool。",
    "{what} must return shape ({n}, {n}), got {shape}.": (
        "{what} 必须返回形状 ({n}, {n})，现在是 {shape}。"
    ),
    "an integer 0/1 adjacency": "整数 0/1 的 adjacency",
    "a weighted adjacency (0.7)": "带权重的 adjacency（0.7）",
    "\nfor adjacency\n{adjacency}": "\nadjacency 为\n{adjacency}",
    "Create the diagonal on the adjacency's device: torch.eye(n, "
    "dtype=torch.bool, device=adjacency.device).": "对角线要建在 adjacency 所在的设备上：torch.eye(n, "
    "dtype=torch.bool, device=adjacency.device)。",
    "Near 33% means it cannot see positions: add sinusoidal_positional_encoding(N, d_model) to the "
    "embeddings before the attention layer (and keep the residual connections).": "接近 33% 表示它看不到位置：在注意力层之前，把 sinusoidal_positional_encoding(N, d_model) "
    "加到 Embedding 上（并保留残差连接）。",
    "your tagger tags {acc:.1%} of held-out cards correctly; it needs at least "
    "{min_accuracy:.0%}. {advice}": "你的 Tagger 在留出的牌上标对了 {acc:.1%}；至少需要 {min_accuracy:.0%}。{advice}",
    "the output returned by {what}": "{what} 返回的输出",
    "Create the causal mask on the inputs' device: torch.ones(n_q, n_k, "
    "dtype=torch.bool, device=q.device).tril().": "因果 Mask 要建在输入所在的设备上：torch.ones(n_q, n_k, "
    "dtype=torch.bool, device=q.device).tril()。",
    "MultiHeadSelfAttention needs a parameter `{name}` of shape {shape}, laid out like "
    "torch.nn.MultiheadAttention (nn.Parameter(torch.empty({join}))); found {p_type}.": "MultiHeadSelfAttention 需要一个形状为 {shape} 的参数 `{name}`，排列方式和 "
    "torch.nn.MultiheadAttention 一样（nn.Parameter(torch.empty({join}))）；"
    "现在找到的是 {p_type}。",
    "`{name}` should have shape {shape} (W_q, W_k and W_v stacked, PyTorch's Linear layout), "
    "found {shape2}.": "`{name}` 的形状应该是 {shape}（W_q、W_k 和 W_v 堆叠在一起，PyTorch 的 Linear 排列方式），"
    "现在是 {shape2}。",
    "MultiHeadSelfAttention({d_model}, {n_heads})(x{value}) for x of shape {shape}": "MultiHeadSelfAttention({d_model}, {n_heads})(x{value})（x 的形状为 {shape}）",
    "weights averaged over the heads": "各个头的权重被平均了",
    "a tensor of {dtype}": "{dtype} 的 tensor",
    "{what} returned {kind}; the task asks for a float tensor: build it with torch operations, or "
    "convert at the end with torch.as_tensor(pe, dtype=torch.float32). The model adds it to its "
    "embeddings, which are torch tensors.": "{what} 返回了 {kind}；题目要的是浮点数的 tensor：请用 torch 的运算来构造，或者最后用 "
    "torch.as_tensor(pe, dtype=torch.float32) 转换。模型会把它加到 Embedding 上，而 Embedding "
    "是 torch tensor。",
    "the result is transposed, (d, n); one row per position: shape (n, d).": "结果转置了，(d, n)；应该每个位置一行：形状 (n, d)。",
    "a node must also attend to itself: add the diagonal (| torch.eye(n, dtype=torch.bool)).": "节点也必须关注它自己：加上对角线（| torch.eye(n, dtype=torch.bool)）。",
    "every non-zero entry of the adjacency is an edge (adjacency != 0), whatever its weight.": "adjacency 里每个非零的元素都是一条边（adjacency != 0），不管它的权重是多少。",
    "the scores are divided by d_k = {d}; divide by its square root, sqrt(d_k) = {sqrt:g}.": "分数除以的是 d_k = {d}；要除以它的平方根，sqrt(d_k) = {sqrt:g}。",
    "the scores are not scaled: divide q @ k^T by sqrt(d_k), the square root of the last axis "
    "of q.": "分数没有缩放：要把 q @ k^T 除以 sqrt(d_k)，也就是 q 最后一维大小的平方根。",
    "the scores are multiplied by sqrt(d_k); divide by it instead.": (
        "分数被乘上了 sqrt(d_k)；应该是除以它。"
    ),
    "the scores are divided by sqrt(d_v) = sqrt({shape}), the size of the values; the scale comes "
    "from the size of the queries and keys, d_k.": "分数除以的是 sqrt(d_v) = sqrt({shape})，也就是 Value 的大小；缩放要用 Query 和 Key "
    "的大小 d_k。",
    "the scale was applied after the softmax: divide the scores q @ k^T by sqrt(d_k) BEFORE the "
    "softmax, so the weights still sum to 1.": "缩放是在 Softmax 之后才做的：要在 Softmax“之前”把分数 q @ k^T 除以 sqrt(d_k)，"
    "这样权重的和仍然是 1。",
    "the pair is in the wrong order: return (out, weights), the output first.": "这一对值的顺序反了：请返回 (out, weights)，输出在前。",
    "causal defaults to False: without causal=True every key may be attended to.": "causal 的默认值是 False：不给 causal=True 时，每个 Key 都可以被关注。",
    "the softmax ran over the queries (dim=-2); it must run over the keys (dim=-1), so each "
    "query's weights sum to 1.": "Softmax 沿着 Query 做了（dim=-2）；它必须沿着 Key 做（dim=-1），让每个 Query "
    "的权重和为 1。",
    "{what}: keys where the mask is False receive weight. Set their scores to -inf before the "
    "softmax, e.g. scores.masked_fill(~mask, float('-inf')).": "{what}：mask 为 False 的 Key 分到了权重。要在 Softmax 之前把它们的分数设成 -inf，例如 "
    "scores.masked_fill(~mask, float('-inf'))。",
    "{both} only the causal mask.": "{both}只有因果 Mask。",
    "{both} only the mask.": "{both}只有 mask。",
    "{both} either one (mask | causal): combine them with &, not |.": "{both}其中任意一个（mask | causal）：要用 & 合并，而不是 |。",
    "{what}: that query's weights and output are NaN. With every score -inf the softmax divides 0 "
    "by 0; a NaN then spreads through every later layer and the loss. A query that may attend to "
    "nothing must get zero weights and a zero output: e.g. weights = weights.masked_fill(~mask, "
    "0.0) after the softmax.": "{what}：那个 Query 的权重和输出都是 NaN。所有分数都是 -inf 时，Softmax 会变成 0 除以 0；"
    "NaN 接着会扩散到后面每一层和损失。什么都不能关注的 Query 必须得到全 0 的权重和全 0 "
    "的输出：例如在 Softmax 之后做 weights = weights.masked_fill(~mask, 0.0)。",
    "{what}: that query should get zero weights and a zero output (it may attend to nothing), but "
    "got weights {w}. A very negative fill value (-1e9) spreads the weight evenly over the "
    "forbidden keys instead; zero the weights of forbidden keys after the softmax.": "{what}：那个 Query 应该得到全 0 的权重和全 0 的输出（它什么都不能关注），但得到的权重是 "
    "{w}。用一个很小的负数（-1e9）来填，反而会把权重平均分给不允许关注的 Key；要在 Softmax "
    "之后把不允许关注的 Key 的权重设成 0。",
    " (with the padding mask: mask is (B, N), True at real positions)": "（带 Padding Mask：mask 是 (B, N)，真实位置上为 True）",
    "not a float tensor": "不是浮点数的 tensor",
    "positions exactly `window` steps away are left out: the window includes them, |i - j| "
    "<= window.": "刚好相距 `window` 步的位置被排除了：窗口包括它们，|i - j| <= window。",
    "the window reaches only to the left: it is symmetric, |i - j| <= window.": "窗口只往左边延伸：它是对称的，|i - j| <= window。",
    "`window` is how far each side the window reaches (|i - j| <= window), not its total width.": "`window` 是窗口往每一边延伸多远（|i - j| <= window），而不是它的总宽度。",
    "part 1 (scaled_dot_product_attention with masks)": (
        "第 1 部分（带 Mask 的 scaled_dot_product_attention）"
    ),
    "the softmax ran over axis {axis} (F.softmax without dim= picks it for a {dim}-D tensor); give "
    "dim=-1, the keys.": "Softmax 沿着 axis {axis} 做了（对 {dim} 维 tensor，F.softmax 不给 dim= 时会选它）；请给 "
    "dim=-1，也就是 Key 那一维。",
    "the output must weight the values v, not the keys.": "输出要加权的是 Value v，而不是 Key。",
    "{what}: the mask is used the wrong way round. True means the query MAY attend to that key; "
    "hide the keys where the mask is False: scores.masked_fill(~mask, float('-inf')).": "{what}：mask 用反了。True 表示这个 Query“可以”关注那个 Key；要遮住 mask 为 False 的 Key："
    "scores.masked_fill(~mask, float('-inf'))。",
    "{what} must return (out, weights) with out a tensor of shape {shape}.": "{what} 必须返回 (out, weights)，其中 out 是形状为 {shape} 的 tensor。",
    "{what} returned a tensor on {device} for an input on {device2}.": "输入在 {device2} 上，{what} 返回的 tensor 却在 {device} 上。",
    "the scores are scaled by sqrt(d_model) = sqrt({d_model}); each head attends in its own space "
    "of head_dim = d_model // n_heads = {d_model2} features, so divide by sqrt(head_dim).": "分数是用 sqrt(d_model) = sqrt({d_model}) 缩放的；每个头在它自己 head_dim = d_model // "
    "n_heads = {d_model2} 个特征的空间里做注意力，所以要除以 sqrt(head_dim)。",
    "the scores are divided by head_dim = {d_model}; divide by its square root.": "分数除以的是 head_dim = {d_model}；要除以它的平方根。",
    "the heads are split along the wrong axis: reshaping (B, N, d_model) straight to (B, n_heads, "
    "N, head_dim) mixes positions. Split the features: view(B, N, n_heads, head_dim), then "
    "transpose(1, 2).": "切分头的轴不对：把 (B, N, d_model) 直接 reshape 成 (B, n_heads, N, head_dim) "
    "会把不同位置混在一起。要切分的是特征：view(B, N, n_heads, head_dim)，再 transpose(1, 2)。",
    "the heads are split along the wrong axis: reshaping (B, N, d_model) straight to (B, n_heads, "
    "N, head_dim) mixes positions and features. Split the features: view(B, N, n_heads, head_dim), "
    "then transpose(1, 2).": "切分头的轴不对：把 (B, N, d_model) 直接 reshape 成 (B, n_heads, N, head_dim) "
    "会把位置和特征混在一起。要切分的是特征：view(B, N, n_heads, head_dim)，再 "
    "transpose(1, 2)。",
    "the heads are split along the wrong axis: head h must own the contiguous features h*head_dim "
    ".. (h+1)*head_dim - 1, i.e. view(B, N, n_heads, head_dim), not view(B, N, head_dim, n_heads).": "切分头的轴不对：第 h 个头必须拥有连续的特征 h*head_dim .. (h+1)*head_dim - 1，也就是 "
    "view(B, N, n_heads, head_dim)，而不是 view(B, N, head_dim, n_heads)。",
    "the heads are split along the wrong axis: head h must own the contiguous features h*head_dim "
    ".. (h+1)*head_dim - 1, i.e. view(B, N, n_heads, head_dim), not view(B, N, head_dim, n_heads), "
    "when you split them.": "切分头的轴不对：切分时，第 h 个头必须拥有连续的特征 h*head_dim .. (h+1)*head_dim - 1，"
    "也就是 view(B, N, n_heads, head_dim)，而不是 view(B, N, head_dim, n_heads)。",
    "the output projection is missing: concatenate the heads, then apply out_proj.": "少了输出投影：把各个头拼接起来之后，要再经过 out_proj。",
    "the heads are merged back without transposing: (B, n_heads, N, head_dim) must become (B, N, "
    "n_heads, head_dim) first, o.transpose(1, 2).reshape(B, N, d_model); reshaping it directly "
    "mixes positions.": "合并各个头时没有先转置：(B, n_heads, N, head_dim) 必须先变成 (B, N, n_heads, head_dim)，"
    "o.transpose(1, 2).reshape(B, N, d_model)；直接 reshape 会把不同位置混在一起。",
    "the scale must come from the size of the queries and keys, d_k = q.shape[-1] = {d}; you used "
    "axis {axis} of q (size {size}).": "缩放必须用 Query 和 Key 的大小，d_k = q.shape[-1] = {d}；你用的是 q 的 axis {axis}（大小 "
    "{size}）。",
    "the padding mask is ignored: pass it on to the attention, as mask[:, None, None, :] (the same "
    "keys hidden for every head and query).": "Padding Mask 被忽略了：要把它传给注意力，写成 mask[:, None, None, :]（对每个头和每个 "
    "Query 遮住相同的 Key）。",
    "the padding mask was applied to the queries, mask[:, None, :, None]; it must hide the padded "
    "keys: mask[:, None, None, :].": "Padding Mask 用在了 Query 上，mask[:, None, :, None]；它必须遮住的是 Padding 的 Key："
    "mask[:, None, None, :]。",
    "the padding mask is used the wrong way round: True marks a real position (PyTorch's "
    "key_padding_mask is the opposite); hide the keys where it is False.": "Padding Mask 用反了：True 表示真实的位置（PyTorch 的 key_padding_mask 正好相反）；"
    "要遮住 mask 为 False 的 Key。",
    "scaled_dot_product_attention(q, k, v) for q {q}, k {k}, v {v}": "scaled_dot_product_attention(q, k, v)（q 为 {q}，k 为 {k}，v 为 {v}）",
    # ---------------------------------------------------------------- transformer_block.py (06)
    "chunked_attention(q, k, v, chunk_size={c}) with {n_q} queries and {n_k} keys": "chunked_attention(q, k, v, chunk_size={c})（{n_q} 个 Query，{n_k} 个 Key）",
    "{built}(x, mask) in training mode": "训练模式下的 {built}(x, mask)",
    "earlier partial sums are not rescaled: when a new chunk raises the running maximum from m_old "
    "to m_new, multiply the running sum AND the running output by exp(m_old - m_new) before adding "
    "the new chunk.": "之前累积的部分和没有重新缩放：当新的分块把目前的最大值从 m_old 提高到 m_new 时，"
    "在加上新的分块之前，要把累积的和“以及”累积的输出都乘上 exp(m_old - m_new)。",
    "the scores are not scaled: divide q @ k^T by sqrt(d_k), as in scaled_dot_product_attention.": "分数没有缩放：要把 q @ k^T 除以 sqrt(d_k)，和 scaled_dot_product_attention 一样。",
    "the last chunk is missing: when N is not a multiple of chunk_size the last chunk is shorter; "
    "range(0, N, chunk_size) covers it.": "少了最后一个分块：当 N 不是 chunk_size 的倍数时，最后一个分块比较短；range(0, N, "
    "chunk_size) 会涵盖它。",
    "the output is not normalised: divide the running output by the running sum l at the end, acc "
    "/ l.": "输出没有归一化：最后要把累积的输出除以累积的和 l，acc / l。",
    "norm_first=True asks for pre-norm, but the block normalises after each residual sum "
    "(post-norm). Pre-norm normalises each sublayer's input and leaves the sum alone: x = x "
    "+ sublayer(norm(x)).": "norm_first=True 要求的是 Pre-Norm，但这个 Block "
    "是在每次残差相加之后才做归一化（Post-Norm）。Pre-Norm 是对每个子层的输入做归一化，"
    "相加的结果不动：x = x + sublayer(norm(x))。",
    "norm_first=False asks for post-norm (the original Transformer), but the block normalises each "
    "sublayer's input (pre-norm). Post-norm normalises the residual sum: x = norm(x "
    "+ sublayer(x)).": "norm_first=False 要求的是 Post-Norm（原始的 Transformer），但这个 Block "
    "是对每个子层的输入做归一化（Pre-Norm）。Post-Norm 是对残差相加的结果做归一化：x = norm(x "
    "+ sublayer(x))。",
    "the residual connection around self-attention is missing: add the attention's output to its "
    "input (post-norm: norm1(x + attention(x)); pre-norm: x + attention(norm1(x))).": "自注意力外面少了残差连接：要把注意力的输出加到它的输入上（Post-Norm：norm1(x + "
    "attention(x))；Pre-Norm：x + attention(norm1(x))）。",
    "the residual connection around the feed-forward network is missing: add its output to its "
    "input (post-norm: norm2(x + ffn(x)); pre-norm: x + ffn(norm2(x))).": "前馈网络外面少了残差连接：要把它的输出加到它的输入上（Post-Norm：norm2(x + ffn(x))；"
    "Pre-Norm：x + ffn(norm2(x))）。",
    "the layer norm is in the wrong place: {order}": "层归一化（Layer Norm）放错位置了：{order}",
    "the layer norm is in the wrong place: it normalises the sublayer's output before the residual "
    "sum, x + norm(sublayer(x)). Post-norm normalises the sum, norm(x + sublayer(x)); pre-norm the "
    "sublayer's input, x + sublayer(norm(x)).": "层归一化（Layer Norm）放错位置了：它在残差相加之前就对子层的输出做了归一化，x + "
    "norm(sublayer(x))。Post-Norm 归一化的是相加的结果，norm(x + sublayer(x))；Pre-Norm "
    "归一化的是子层的输入，x + sublayer(norm(x))。",
    "the feed-forward network has no ReLU between its linear layers: linear2(relu(linear1(x))).": "前馈网络的两个线性层之间没有 ReLU：linear2(relu(linear1(x)))。",
    "the layer norm is in the wrong place: in pre-norm the residual path carries the un-normalised "
    "x past the sublayer, x = x + sublayer(norm(x)), not norm(x) + sublayer(norm(x)).": "层归一化（Layer Norm）放错位置了：Pre-Norm 的残差路径带着没有归一化的 x 绕过子层，"
    "x = x + sublayer(norm(x))，而不是 norm(x) + sublayer(norm(x))。",
    "the padding mask is used the wrong way round: the course's mask is True at REAL positions and "
    "your MultiHeadSelfAttention takes it as it is, self.self_attn(x, mask). (~mask is PyTorch's "
    "src_key_padding_mask, True where a key is to be ignored.)": "Padding Mask 用反了：本课程的 mask 在“真实”位置上为 True，你的 MultiHeadSelfAttention "
    "直接接收它就好，self.self_attn(x, mask)。（~mask 才是 PyTorch 的 src_key_padding_mask，"
    "在要忽略的 Key 上为 True。）",
    "the padding mask does not reach self-attention, so padded positions change the outputs at "
    "real positions: pass it on, self.self_attn(x, mask).": "Padding Mask 没有传到自注意力，所以 Padding 的位置改变了真实位置上的输出：要把它传下去，"
    "self.self_attn(x, mask)。",
    "{what} (at the real positions)": "{what}（在真实位置上）",
    "chunked_attention(q, k, v, chunk_size=4) with scores in the hundreds": "chunked_attention(q, k, v, chunk_size=4)（分数在几百的量级）",
    "{what} needed {peak:.0f} MiB more memory at its peak: all the scores at once (one {n_q} x "
    "{n_k} matrix of float32 is {matrix:.0f} MiB). That is the N x N matrix the chunked version "
    "exists to avoid; compute scores for one chunk of {c} keys at a time, q @ k[..., start:start + "
    "{c}, :].transpose(-2, -1).": "{what} 在高峰时多用了 {peak:.0f} MiB 内存：一次算出了所有的分数（一个 {n_q} x {n_k} 的 "
    "float32 矩阵就是 {matrix:.0f} MiB）。分块版本要避免的正是这个 N x N 矩阵；每次只算一个 "
    "{c} 个 Key 的分块的分数，q @ k[..., start:start + {c}, :].transpose(-2, -1)。",
    "{what} must return a tensor of shape (1, {n_q}, 5), got {found}.": "{what} 必须返回形状为 (1, {n_q}, 5) 的 tensor，现在是 {found}。",
    "TransformerEncoderBlock must be a subclass of torch.nn.Module.": "TransformerEncoderBlock 必须是 torch.nn.Module 的子类。",
    "{what} has no `self_attn` module: self.self_attn = MultiHeadSelfAttention(d_model, n_heads), "
    "your multi-head attention of part 0 (or nn.MultiheadAttention(d_model, "
    "n_heads, batch_first=True)).": "{what} 没有 `self_attn` 模块：self.self_attn = MultiHeadSelfAttention(d_model, n_heads)，"
    "也就是你在第 0 部分写的多头注意力（或者 nn.MultiheadAttention(d_model, n_heads, "
    "batch_first=True)）。",
    "{what}: dropout is active in eval mode (two calls on the same input gave different outputs). "
    "Use nn.Dropout modules, which switch off when the block is put in eval() mode, or "
    "F.dropout(h, p, training=self.training).": "{what}：在 eval 模式下 Dropout 仍然有作用（对同一个输入调用两次，输出不一样）。请用 "
    "nn.Dropout 模块，Block 进入 eval() 模式时它们会自动关掉，或者用 F.dropout(h, "
    "p, training=self.training)。",
    "{what} must return one tensor of shape {shape}, found {out_type}.": "{what} 必须返回一个形状为 {shape} 的 tensor，现在是 {out_type}。",
    "{what}: the feed-forward network mixes positions. With the attention's output at zero, "
    "changing the vector at one position changed the block's output at others. It is "
    "position-wise: the same linear1 -> ReLU -> linear2 applied to each position's vector on its "
    "own (nn.Linear on (B, N, d_model) already does that; no reshape or transpose "
    "across positions).": "{what}：前馈网络把不同位置混在一起了。在注意力的输出为 0 的情况下，改变一个位置的向量，"
    "Block 在其他位置的输出也跟着变了。它是逐位置的：同一个 linear1 -> ReLU -> linear2 "
    "各自作用在每个位置的向量上（nn.Linear 作用在 (B, N, d_model) 上本来就是这样；不要跨位置做 "
    "reshape 或 transpose）。",
    "{what} gave the same output twice: dropout is missing. Wrap each sublayer's output in "
    "nn.Dropout(dropout) (and the FFN's hidden layer too), as torch.nn.TransformerEncoderLayer "
    "does; put in eval() mode, the block then switches it off by itself.": "{what} 两次给出了一样的输出：少了 Dropout。请把每个子层的输出（以及 FFN 的隐藏层）包上 "
    "nn.Dropout(dropout)，就像 torch.nn.TransformerEncoderLayer 那样；Block 进入 "
    "eval() 模式时会自动关掉它。",
    "{built}(x{value}) for x on another device than the CPU": (
        "{built}(x{value})（x 在 CPU 以外的设备上）"
    ),
    "chunked_attention(q, k, v, chunk_size={c}) for {n_k} keys": "chunked_attention(q, k, v, chunk_size={c})（{n_k} 个 Key）",
    "{what} has no parameter `{name}`. Name the parts as torch.nn.TransformerEncoderLayer does, so "
    "that its weights load into yours: self.linear1 = nn.Linear(d_model, d_ff), self.linear2 = "
    "nn.Linear(d_ff, d_model), self.norm1 = nn.LayerNorm(d_model), self.norm2 "
    "= nn.LayerNorm(d_model).": "{what} 没有参数 `{name}`。请按照 torch.nn.TransformerEncoderLayer 的方式给各部分命名，"
    "这样它的权重才能载入到你的模型里：self.linear1 = nn.Linear(d_model, d_ff)，self.linear2 = "
    "nn.Linear(d_ff, d_model)，self.norm1 = nn.LayerNorm(d_model)，self.norm2 "
    "= nn.LayerNorm(d_model)。",
    "{what}: `{name}` should have shape {shape}, found {found}.": "{what}：`{name}` 的形状应该是 {shape}，现在是 {found}。",
    "{what}: changing the vectors at padded positions changed the outputs at real positions: a "
    "padded position must never be attended to. Pass the mask (True at real positions) "
    "to self.self_attn.": "{what}：改变 Padding 位置上的向量，改变了真实位置上的输出：Padding 的位置永远不能被关注。"
    "请把 mask（真实位置上为 True）传给 self.self_attn。",
    "{built}: its self_attn has parameters of its own names (not torch.nn.MultiheadAttention's), "
    "so the block is judged around it as your block calls it, self.self_attn(x, mask), returning "
    "(out, weights); that call failed: {exc}": "{built}：它的 self_attn 用的是自己命名的参数（不是 torch.nn.MultiheadAttention 的），"
    "所以会按照你的 Block 调用它的方式来评判，self.self_attn(x, mask)，返回 (out, weights)；"
    "而这个调用失败了：{exc}",
    "{what} returned NaN or inf: exp of a large score overflows float32. Subtract the running "
    "maximum before exp (and rescale the partial sums when it changes).": "{what} 返回了 NaN 或 inf：很大的分数取 exp 会超出 float32 的范围。取 exp "
    "之前先减去目前的最大值（最大值改变时，要重新缩放累积的部分和）。",
    "your block's self_attn(x, mask)": "你的 Block 的 self_attn(x, mask)",
    "{built}(x{value}) in eval mode, for x of shape {shape}": (
        "eval 模式下的 {built}(x{value})（x 的形状为 {shape}）"
    ),
    "{what} must return the output tensor only (shape {shape}).": (
        "{what} 只能返回输出的 tensor（形状 {shape}）。"
    ),
    "{what} returned shape {shape}, expected {shape2}.": (
        "{what} 返回的形状是 {shape}，应该是 {shape2}。"
    ),
    # --------------------------------------------------- engine: the catalogue (docs/mistakes.*.md)
    """# Mistakes the checks name (Chinese)

Generated by `python -m autograder catalogue --write` from the checks themselves (`autograder/checks/`): for each
graded part, the mistakes its check compares the learner's result with, in the words the learner reads in this
language (numbers are those of the check's inputs). What each part's hidden inputs exercise (its contract) is listed,
in English, in `docs/mistakes.md`.
""": "# 检查程序能指出的错误\n\n"
    "由 `python -m autograder catalogue --write` 从检查程序本身（`autograder/checks/`）生成："
    "对每个计分的部分，列出它的检查会拿来和学习者结果比对的错误，"
    "用的是学习者在这个语言下读到的文字（其中的数字来自检查所用的输入）。"
    "每个部分的隐藏输入测试了哪些要求（它的契约），以英文列在 `docs/mistakes.md` 里。\n",
    "## {assignment} ({count} named mistakes)\n": "## {assignment}（{count} 个有名字的错误）\n",
    "- (judged on a trained model or by its own diagnosis: no compared mistakes)\n": "- （根据训练好的模型或它自己的诊断来评判：没有比对的错误）\n",
    # --------------------------------------------------------- engine: the class report (report.py)
    "every part lost: {join}": "每个部分都没有得分：{join}",
    "Histogram of the scores of {len_scores} learners out of {top:g}: median {median:g}, lowest "
    "{min:g}, highest {max:g}.": "{len_scores} 位学习者分数的直方图（满分 {top:g}）：中位数 {median:g}，最低 {min:g}，"
    "最高 {max:g}。",
    "Stacked bars, one per auto-graded part, of the share of the class that passed it or lost it, "
    "by cause: {join}.": "堆叠长条图，每个自动评分的部分一条，显示全班通过或失分的比例，失分按原因区分：{join}。",
    "{part} passed by {passed} of {n}": "{part} 有 {passed}/{n} 人通过",
    "Class report: {assignment}": "全班报告：{assignment}",
    "<p><em>none</em></p>": "<p><em>没有</em></p>",
    "<p>{n} learners, {len_graded} graded; median score {median:g} of {top:g}. Counts come from "
    "what the checks recorded while grading; parts graded by hand are left out.</p>": "<p>{n} 位学习者，{len_graded} 位已批改；分数中位数 {median:g}（满分 {top:g}）。"
    "各项人数来自检查程序在批改时记录的结果；人工批改的部分不列入。</p>",
    "<h2>Scores</h2>": "<h2>分数</h2>",
    "<h2>Parts</h2>": "<h2>各部分</h2>",
    "<h2>Named mistakes, most common first</h2>": "<h2>有名字的错误（最常见的在前）</h2>",
    "<h2>Not graded, or zero</h2>": "<h2>没有批改或零分</h2>",
    "<h2>Slowest notebooks</h2>": "<h2>批改最慢的 Notebook</h2>",
    "<h2>Submissions that look alike</h2>": "<h2>看起来相似的作业</h2>",
    "<p class='note'>{len_compared} notebooks compared after normalising names, spacing and "
    "comments, leaving out the released starter code and the code most of the class wrote alike. "
    "The usual similarity of two learners here is {typical:.0%}; pairs at or above {threshold:.0%} "
    "are shown. This flags work to look at; it is not proof of copying (a shared study group or "
    "source explains many).</p>": "<p class='note'>比较了 {len_compared} 份 Notebook：先统一名称、空白和注释，"
    "并排除发下去的起始代码以及全班大多数人都写得一样的代码。这里两位学习者之间通常的相似度是 "
    "{typical:.0%}；只列出相似度在 {threshold:.0%} 以上的配对。这只是标出值得看一看的作业，"
    "并不能证明抄袭（一起读书的小组或共同的参考来源也能解释很多情况）。</p>",
    "<p class='note'>The same tables for your own analysis: {e}.csv, next to "
    "this page.</p></body></html>": "<p class='note'>同样的表格可供你自己分析：就在本页旁边的 {e}.csv。</p></body></html>",
    "<p class='warning'><strong>Graded without a sandbox</strong> (--unsandboxed): {len_who} of "
    "{len_students} learners' code ran as the grader's own user, with the resource limits alone "
    "(it could read and write what the grader can): {e}.</p>": "<p class='warning'><strong>没有使用沙盒批改</strong>（--unsandboxed）：{len_students} "
    "位学习者中有 {len_who} 位的代码以批改者本人的用户身份执行，"
    "只受资源限制的约束（批改者能读写的，它也能读写）：{e}。</p>",
    "score (out of {top:g})": "分数（满分 {top:g}）",
    "learners": "学习者人数",
    "Score distribution": "分数分布",
    "share of the class": "占全班比例",
    "Each part: passed, or why its points were lost": "各部分：通过，或者失分的原因",
    "<p><em>no named mistake was recognised</em></p>": "<p><em>没有认出任何有名字的错误</em></p>",
    "<p><em>no pair stands out</em></p>": "<p><em>没有特别突出的配对</em></p>",
    "<h3>{a} and {b}: {similarity:.0%} similar</h3>": (
        "<h3>{a} 和 {b}：相似度 {similarity:.0%}</h3>"
    ),
    "graded without a sandbox": "没有使用沙盒批改",
    "part": "部分",
    "passed": "通过",
    "learner": "学习者",
    "score": "分数",
    "why": "原因",
    "seconds to grade": "批改秒数",
    "mistake": "错误",
    "feedback of a few": "几位学习者的回馈",
    "{part} (shared code marked)": "{part}（相同的代码已标出）",
    # the causes of lost points (engine.errors.CAUSES, record.NOT_GRADED), as the report names them
    "named mistake": "有名字的错误",
    "generic failure": "一般的失败",
    "error raised": "抛出错误",
    "time-out": "超时",
    "not attempted": "没有作答",
    "not graded": "没有批改",
    # --------------------------------------------- wire/grader.py: a part whose cell did not finish
    " after {limit} s": "（{limit} 秒后）",
    "the cell that defines `{{name}}` was stopped{seconds}, the time limit for a cell, so "
    "`{{name}}` is not graded from a run that was cut short (a model whose training was stopped is "
    "not the model you trained). Make that cell finish well within the limit (fewer epochs or "
    "steps, a smaller model, no extra work), or ask your instructor to grade it with a "
    "longer limit.": "定义 `{{name}}` 的那个 cell 被停止了{seconds}，这是一个 cell 的时间上限，"
    "所以不会用一次被中断的执行来评 `{{name}}`（训练被中断的模型，并不是你训练好的模型）。"
    "请让那个 cell 在时限内从容地跑完（少几个 Epoch 或 Step、小一点的模型、不做多余的事）"
    "，或者请老师用更长的时限来批改。",
    "the cell that defines `{{name}}` was not run: the notebook ran past its time limit before "
    "reaching it. Make the cells before it faster.": "定义 `{{name}}` 的那个 cell 没有执行：Notebook 在执行到它之前就超过了时间上限。"
    "请让它前面的 cell 跑快一点。",
    "the cell that defines `{{name}}`": "定义 `{{name}}` 的那个 cell",
    "the kernel stopped while running the cell that defines it (a crash, or over the memory or "
    "process limits).": "执行定义它的那个 cell 时，Kernel 停止了（程序崩溃，或者超过了内存或进程数的限制）。",
    "the cell that defines it raised {ename}{evalue}. Fix that cell; this part is graded from what "
    "it defines.": "定义它的那个 cell 抛出了 {ename}{evalue}。请修好那个 "
    "cell；这一部分是根据它定义的东西来评分的。",
    "this part": "这一部分",
}
