"""torch.nn.functional over the engine's nn ops (engine/ops/nn_*.ts, conv.ts, pool.ts)."""
import builtins

from .. import _functional as _F
from .._bridge import E, warn
from .._functional import fn as _fn
from .._tensor import op, wrap_many


def _reduction(size_average, reduce, reduction):
    """The legacy size_average/reduce flags, mapped to a reduction as PyTorch's _Reduction does."""
    if size_average is None and reduce is None:
        return reduction
    size_average = True if size_average is None else size_average
    reduce = True if reduce is None else reduce
    if size_average and reduce:
        ret = "mean"
    elif reduce:
        ret = "sum"
    else:
        ret = "none"
    warn(f"size_average and reduce args will be deprecated, please use reduction='{ret}' instead.")
    return ret


def _pair_or_int(v):
    if v is None or isinstance(v, (builtins.int, str)):
        return v
    return [builtins.int(x) for x in v]


# ---- activations ----

def relu(input, inplace=False):
    return input.relu_() if inplace else op("relu", input)


def relu_(input):
    return input.relu_()


def relu6(input, inplace=False):
    return _fn("relu6", input)


def leaky_relu(input, negative_slope=0.01, inplace=False):
    out = _fn("leakyRelu", input, negative_slope)
    return input.copy_(out) if inplace else out


def elu(input, alpha=1.0, inplace=False):
    return _fn("elu", input, alpha)


def selu(input, inplace=False):
    return _fn("selu", input)


def celu(input, alpha=1.0, inplace=False):
    return _fn("celu", input, alpha)


def gelu(input, approximate="none"):
    return _fn("gelu", input, approximate)


def silu(input, inplace=False):
    return _fn("silu", input)


def mish(input, inplace=False):
    return input * tanh(softplus(input))


def softplus(input, beta=1.0, threshold=20.0):
    return _fn("softplus", input, beta, threshold)


def hardtanh(input, min_val=-1.0, max_val=1.0, inplace=False):
    return _fn("hardtanh", input, min_val, max_val)


def logsigmoid(input):
    return _fn("logSigmoid", input)


def sigmoid(input):
    return op("sigmoid", input)


def tanh(input):
    return op("tanh", input)


def softsign(input):
    return input / (input.abs() + 1)


def _softmax_dim(name, ndim, stacklevel):
    warn(f"Implicit dimension choice for {name} has been deprecated. Change the call to include dim=X as an argument.")
    return 0 if ndim in (0, 1, 3) else 1


def softmax(input, dim=None, _stacklevel=3, dtype=None):
    if dim is None:
        dim = _softmax_dim("softmax", input.dim(), _stacklevel)
    return _F.softmax(input, dim, dtype=dtype)


def log_softmax(input, dim=None, _stacklevel=3, dtype=None):
    if dim is None:
        dim = _softmax_dim("log_softmax", input.dim(), _stacklevel)
    return _F.log_softmax(input, dim, dtype=dtype)


def softmin(input, dim=None, _stacklevel=3, dtype=None):
    if dim is None:
        dim = _softmax_dim("softmin", input.dim(), _stacklevel)
    return _F.softmax(-input, dim, dtype=dtype)


# ---- dropout ----

def _check_p(p):
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")


def dropout(input, p=0.5, training=True, inplace=False):
    _check_p(p)
    r = _fn("dropout", input, p, training, inplace)
    return input if inplace and r is input else r


def alpha_dropout(input, p=0.5, training=False, inplace=False):
    _check_p(p)
    return _fn("alphaDropout", input, p, training, inplace)


def dropout1d(input, p=0.5, training=True, inplace=False):
    _check_p(p)
    return _fn("dropout1d", input, p, training, inplace)


def dropout2d(input, p=0.5, training=True, inplace=False):
    _check_p(p)
    return _fn("dropout2d", input, p, training, inplace)


def dropout3d(input, p=0.5, training=True, inplace=False):
    _check_p(p)
    return _fn("dropout3d", input, p, training, inplace)


# ---- linear, convolution, pooling, normalization, embedding ----

def linear(input, weight, bias=None):
    return _fn("linear", input, weight, bias)


def bilinear(input1, input2, weight, bias=None):
    raise NotImplementedError("F.bilinear is not supported by Glassgrad yet")


def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    opts = {"stride": _pair_or_int(stride), "padding": _pair_or_int(padding), "dilation": _pair_or_int(dilation),
            "groups": groups}
    return _fn("conv2d", input, weight, bias, opts)


def max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    opts = {"stride": _pair_or_int(stride), "padding": _pair_or_int(padding), "dilation": _pair_or_int(dilation),
            "ceilMode": ceil_mode}
    if return_indices:
        return tuple(wrap_many(E.fn("maxPool2dWithIndices", input._h, _pair_or_int(kernel_size), opts)))
    return _fn("maxPool2d", input, _pair_or_int(kernel_size), opts)


def avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
               divisor_override=None):
    opts = {"stride": _pair_or_int(stride), "padding": _pair_or_int(padding), "ceilMode": ceil_mode,
            "countIncludePad": count_include_pad, "divisorOverride": divisor_override}
    return _fn("avgPool2d", input, _pair_or_int(kernel_size), opts)


def adaptive_avg_pool2d(input, output_size):
    return _fn("adaptiveAvgPool2d", input, _pair_or_int(output_size))


def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-05):
    return _fn("batchNorm", input, running_mean, running_var, weight, bias, training, momentum, eps)


def embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False,
              sparse=False):
    return _fn("embedding", input, weight, padding_idx, max_norm, norm_type, scale_grad_by_freq, sparse)


def one_hot(tensor, num_classes=-1):
    return _fn("oneHot", tensor, num_classes)


def normalize(input, p=2.0, dim=1, eps=1e-12, out=None):
    denom = input.norm(p, dim, keepdim=True).clamp_min(eps).expand_as(input)
    return input / denom


def pad(input, pad, mode="constant", value=None):
    return _fn("pad", input, [builtins.int(p) for p in pad], mode, value)


# ---- losses ----

def mse_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    return _fn("mseLoss", input, target, _reduction(size_average, reduce, reduction))


def l1_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    return _fn("l1Loss", input, target, _reduction(size_average, reduce, reduction))


def smooth_l1_loss(input, target, size_average=None, reduce=None, reduction="mean", beta=1.0):
    return _fn("smoothL1Loss", input, target, _reduction(size_average, reduce, reduction), beta)


def huber_loss(input, target, reduction="mean", delta=1.0, weight=None):
    return _fn("huberLoss", input, target, reduction, delta)


def binary_cross_entropy(input, target, weight=None, size_average=None, reduce=None, reduction="mean"):
    return _fn("binaryCrossEntropy", input, target, weight, _reduction(size_average, reduce, reduction))


def binary_cross_entropy_with_logits(input, target, weight=None, size_average=None, reduce=None, reduction="mean",
                                     pos_weight=None):
    return _fn("binaryCrossEntropyWithLogits", input, target, weight, _reduction(size_average, reduce, reduction),
               pos_weight)


def cross_entropy(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction="mean",
                  label_smoothing=0.0):
    return _fn("crossEntropy", input, target, weight, ignore_index, _reduction(size_average, reduce, reduction),
               label_smoothing)


def nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction="mean"):
    return _fn("nllLoss", input, target, weight, ignore_index, _reduction(size_average, reduce, reduction))


def kl_div(input, target, size_average=None, reduce=None, reduction="mean", log_target=False):
    r = _reduction(size_average, reduce, reduction)
    loss = target.exp() * (target - input) if log_target else target * (target.log() - input)
    if r == "mean":
        warn("reduction: 'mean' divides the total loss by both the batch size and the support size."
             "'batchmean' divides only by the batch size, and aligns with the KL div math definition."
             "'mean' will be changed to behave the same as 'batchmean' in the next major release.")
        return loss.mean()
    if r == "batchmean":
        return loss.sum() / input.size(0)
    return loss.sum() if r == "sum" else loss


def cosine_similarity(x1, x2, dim=1, eps=1e-8):
    n1 = x1.norm(2, dim).clamp_min(eps)
    n2 = x2.norm(2, dim).clamp_min(eps)
    return (x1 * x2).sum(dim) / (n1 * n2)


def flatten(input, start_dim=0, end_dim=-1):
    return input.flatten(start_dim, end_dim)

