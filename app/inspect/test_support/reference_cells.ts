// Notebook cells for the inspect views' tests: the reference CNN of
// ../shared/memory-reference/scenarios.py (same model, seed, batches and
// loops), split as a student's notebook would be.

export const SETUP_CELL = `import torch, glassgrad
import torch.nn as nn
import torch.nn.functional as F

class Net(nn.Module):  # the classic MNIST network from the lesson material
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 10, kernel_size=5)
        self.conv2 = nn.Conv2d(10, 20, kernel_size=5)
        self.conv2_drop = nn.Dropout2d()
        self.fc1 = nn.Linear(320, 50)
        self.fc2 = nn.Linear(50, 10)

    def forward(self, x):
        x = F.relu(F.max_pool2d(self.conv1(x), 2))
        x = F.relu(F.max_pool2d(self.conv2_drop(self.conv2(x)), 2))
        x = x.view(-1, 320)
        x = F.relu(self.fc1(x))
        x = F.dropout(x, training=self.training)
        x = self.fc2(x)
        return F.log_softmax(x, dim=1)

def batches(n, bs=64):
    g = torch.Generator().manual_seed(0)
    return [(torch.randn(bs, 1, 28, 28, generator=g), torch.randint(0, 10, (bs,), generator=g)) for _ in range(n)]

torch.manual_seed(0)
model = Net()
optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.5)
data = batches(5)`;

/** Validation without no_grad, accumulating the loss as a tensor: the graph of every batch stays. */
export const VALIDATION_CELL = `model.eval()
running_loss = 0
for x, y in data:
    out = model(x)
    loss = F.nll_loss(out, y)
    running_loss += loss
    del out, loss`;

/** The same loop under torch.no_grad(): no graph, flat memory. */
export const VALIDATION_NO_GRAD_CELL = `model.eval()
running_loss = 0
with torch.no_grad():
    for x, y in data:
        out = model(x)
        loss = F.nll_loss(out, y)
        running_loss += loss
        del out, loss`;

/** Training with \`running_loss += loss\`: every iteration's nodes stay, but backward() freed what they saved. */
export const TRAINING_CELL = `model.train()
running_loss = 0
for x, y in data:
    optimizer.zero_grad()
    out = model(x)
    loss = F.nll_loss(out, y)
    loss.backward()
    optimizer.step()
    running_loss += loss
    del out, loss`;

export const LAYOUT_CELL = `glassgrad.show_layout(torch.arange(12).view(3, 4).t())`;
