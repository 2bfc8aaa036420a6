# expect: pass
# Correct: x.view to flatten, an nn.CrossEntropyLoss module, model.zero_grad() after each step,
# and summed losses divided once at the end.
class LeNet(nn.Module):
    def __init__(self, num_classes: int = 10) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels=1, out_channels=6, kernel_size=(5, 5), padding=2)
        self.pool = nn.MaxPool2d(kernel_size=2, stride=2)
        self.conv2 = nn.Conv2d(in_channels=6, out_channels=16, kernel_size=(5, 5))
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, num_classes)
        self.act = nn.ReLU()

    def forward(self, x):
        x = self.pool(self.act(self.conv1(x)))
        x = self.pool(self.act(self.conv2(x)))
        x = x.view(x.size(0), -1)
        return self.fc3(self.act(self.fc2(self.act(self.fc1(x)))))


def train_one_epoch(model, loader, optimizer):
    criterion = nn.CrossEntropyLoss(reduction="sum")
    model.train()
    total, count = 0.0, 0
    for images, labels in loader:
        summed = criterion(model(images), labels)
        (summed / labels.numel()).backward()
        optimizer.step()
        model.zero_grad()
        total += summed.item()
        count += labels.numel()
    return total / count


def evaluate(model, loader):
    criterion = nn.CrossEntropyLoss(reduction="sum")
    model.eval()
    total, correct, count = 0.0, 0, 0
    with torch.inference_mode():
        for images, labels in loader:
            logits = model(images)
            total += float(criterion(logits, labels))
            correct += int((logits.argmax(dim=1) == labels).sum())
            count += len(labels)
    return total / count, correct / count
