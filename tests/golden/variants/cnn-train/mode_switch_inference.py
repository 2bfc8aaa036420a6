# expect: pass
# Correct but different: modes set with model.train(True) and model.train(False), evaluation
# under torch.inference_mode with per-sample losses, num_classes kept as an attribute,
# x.flatten(1), and a step on the summed loss divided by the batch size.
class LeNet(nn.Module):
    def __init__(self, num_classes: int = 10):
        super().__init__()
        self.num_classes = num_classes
        self.conv1 = nn.Conv2d(1, 6, 5, padding=2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, self.num_classes)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), kernel_size=2)
        x = F.max_pool2d(F.relu(self.conv2(x)), kernel_size=2).flatten(1)
        return self.fc3(F.relu(self.fc2(F.relu(self.fc1(x)))))


def train_one_epoch(model, loader, optimizer):
    model.train(True)
    total, seen = 0.0, 0
    for batch in loader:
        images, labels = batch
        optimizer.zero_grad(set_to_none=True)
        summed = F.cross_entropy(model(images), labels, reduction="sum")
        (summed / len(labels)).backward()
        optimizer.step()
        total += summed.item()
        seen += len(labels)
    return total / seen


def evaluate(model, loader):
    model.train(False)
    losses, hits = [], []
    with torch.inference_mode():
        for images, labels in loader:
            logits = model(images)
            losses.append(F.cross_entropy(logits, labels, reduction="none"))
            hits.append(logits.argmax(dim=1) == labels)
    return torch.cat(losses).mean().item(), torch.cat(hits).double().mean().item()
