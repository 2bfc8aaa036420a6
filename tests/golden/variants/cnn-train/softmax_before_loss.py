# expect: fail applies softmax before the cross-entropy
def train_one_epoch(model, loader, optimizer):
    model.train()
    total_loss, seen = 0.0, 0
    for images, labels in loader:
        optimizer.zero_grad()
        probabilities = F.softmax(model(images), dim=1)
        loss = nn.CrossEntropyLoss()(probabilities, labels)
        loss.backward()
        optimizer.step()
        total_loss += loss.item() * labels.shape[0]
        seen += labels.shape[0]
    return total_loss / seen
