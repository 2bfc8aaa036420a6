# expect: pass
# Correct: pooling and flattening through torch.nn.functional, a running-mean epoch loss,
# and evaluate on all logits at once.
class LeNet(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5, padding=2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(400, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, num_classes)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), kernel_size=2)
        x = F.max_pool2d(F.relu(self.conv2(x)), kernel_size=2)
        x = torch.flatten(x, start_dim=1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


def train_one_epoch(model, loader, optimizer):
    model.train()
    mean, seen = 0.0, 0
    for images, labels in loader:
        logits = model(images)
        loss = F.cross_entropy(logits, labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        b = len(labels)
        seen += b
        mean += (loss.item() - mean) * b / seen
    return mean


def evaluate(model, loader):
    model.eval()
    with torch.no_grad():
        outputs = [(model(images), labels) for images, labels in loader]
    logits = torch.cat([o for o, _ in outputs])
    labels = torch.cat([t for _, t in outputs])
    loss = F.cross_entropy(logits, labels).item()
    accuracy = (logits.argmax(1) == labels).float().mean().item()
    return loss, accuracy
