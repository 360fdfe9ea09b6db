// What "New lesson" puts in the editor: the smallest valid lesson, one exercise with every part.
export const NEW_LESSON = `---
glassgrad-lesson: 1
id: new-lesson
title: A new lesson
---

# A new lesson

\`\`\`python
import torch
x = torch.ones(3, requires_grad=True)
\`\`\`

\`\`\`{exercise} id=grad
y = (x * 2).sum()
\`\`\`

\`\`\`{check} for=grad
assert x.grad is not None, "x.grad is None: nothing has called backward() yet"
\`\`\`

\`\`\`{hint} for=grad
\`y.backward()\` fills in \`x.grad\`.
\`\`\`

\`\`\`{solution} for=grad
y = (x * 2).sum()
y.backward()
\`\`\`
`;
